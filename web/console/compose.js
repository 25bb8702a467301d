// Live check for the composer: as staff type, the server says how the text fits each chosen
// channel, the reading grade and the repeat. The page works without this script; "Check" gives
// the same answer. Everything shown is set as text, never as HTML.
(() => {
  const form = document.getElementById('compose-form');
  const live = document.getElementById('live-check');
  if (form === null || live === null) return;
  let timer;
  let latest = 0;

  const line = (text, className) => {
    const p = document.createElement('p');
    p.textContent = text;
    if (className) p.className = className;
    return p;
  };

  const render = (data) => {
    live.replaceChildren();
    if (data.rows.length === 0) return;
    const list = document.createElement('ul');
    list.className = 'plain';
    for (const row of data.rows) {
      const item = document.createElement('li');
      item.dataset.channel = row.channel;
      item.textContent = row.error ? `${row.channel}: ${row.error}` : `${row.channel}: ${row.length} / ${row.limit} characters, ${row.parts} part${row.parts === 1 ? '' : 's'}`;
      if (row.error) item.className = 'error-text';
      list.append(item);
    }
    live.append(list);
    live.append(line(`Reading grade ${data.grade}${data.tooHard ? ` — above the limit of grade ${data.maxGrade}: use shorter sentences and simpler words` : ''}`, data.tooHard ? 'alert' : 'muted'));
    if (data.repeatsAs) live.append(line(`Repeats ${data.repeatsAs}.`));
    if (data.refusing.length > 0) live.append(line(`${data.refusing.join(', ')} refuse(s) a repeated post: add {date}, {time} or {weekday} to the text.`, 'alert'));
  };

  const check = async () => {
    const body = new URLSearchParams(new FormData(form));
    body.delete('action');
    const mine = ++latest;
    try {
      const response = await fetch('/console/compose/preview', { method: 'POST', body, credentials: 'same-origin' });
      if (!response.ok || mine !== latest) return;
      render(await response.json());
    } catch {
      // Offline or signed out: the Check button still works.
    }
  };

  const soon = (ms) => {
    clearTimeout(timer);
    timer = setTimeout(check, ms);
  };
  form.addEventListener('input', () => soon(300));
  form.addEventListener('change', () => soon(100));
  if (form.elements.namedItem('text')?.value) soon(0);
})();
