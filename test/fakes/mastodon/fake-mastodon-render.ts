/**
 * JSON and HTML the way a Mastodon instance renders them (snake_case entities, `content` as
 * sanitized HTML with h-card mentions and shortened links), so the adapter's HTML handling is
 * exercised against realistic input rather than plain text.
 */
export interface FakeAccount {
  id: string;
  username: string;
  /** `user` for local accounts, `user@domain` for remote ones. */
  acct: string;
  bot: boolean;
}

export interface FakeStatus {
  id: string;
  account: FakeAccount;
  /** Plain text as submitted. */
  text: string;
  visibility: 'public' | 'unlisted' | 'private' | 'direct';
  inReplyToId: string | null;
  inReplyToAccountId: string | null;
  language: string | null;
  mentions: FakeAccount[];
  createdAt: string;
  /** Media attached when the status was created. */
  media?: FakeMediaAttachment[];
}

/** An uploaded file (POST /api/v2/media), attached to at most one status. */
export interface FakeMediaAttachment {
  id: string;
  type: 'image';
  /** The alt text (`description`). */
  description: string | null;
  contentType: string;
  bytes: Buffer;
  statusId: string | null;
}

export function mediaJson(media: FakeMediaAttachment, host: string): Record<string, unknown> {
  return {
    id: media.id,
    type: media.type,
    url: `https://${host}/system/media_attachments/files/${media.id}/original/card.png`,
    preview_url: `https://${host}/system/media_attachments/files/${media.id}/small/card.png`,
    remote_url: null,
    text_url: null,
    meta: { original: { width: media.bytes.length > 24 ? media.bytes.readUInt32BE(16) : 0, height: media.bytes.length > 24 ? media.bytes.readUInt32BE(20) : 0 } },
    description: media.description,
    blurhash: null,
  };
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const TOKEN = /(https?:\/\/[^\s<]+)|(^|[^/\w])@([a-z0-9_][\w.-]*(?:@[\w.-]+\w)?)/giu;

/** Mastodon's plain-text formatter, reduced to paragraphs, line breaks, links and mentions. */
export function renderContent(text: string, host: string): string {
  const paragraphs = text.split(/\n{2,}/).map((paragraph) => {
    let html = '';
    let last = 0;
    for (const match of paragraph.matchAll(TOKEN)) {
      const index = match.index;
      const [whole, url, before, handle] = match;
      if (url !== undefined) {
        html += escapeHtml(paragraph.slice(last, index)) + renderLink(url);
      } else if (handle !== undefined && before !== undefined) {
        const username = handle.split('@')[0] ?? handle;
        html += escapeHtml(paragraph.slice(last, index) + before);
        html += `<span class="h-card" translate="no"><a href="https://${host}/@${escapeHtml(handle)}" class="u-url mention">@<span>${escapeHtml(username)}</span></a></span>`;
      }
      last = index + whole.length;
    }
    html += escapeHtml(paragraph.slice(last));
    return `<p>${html.replace(/\n/g, '<br />')}</p>`;
  });
  return paragraphs.join('');
}

function renderLink(url: string): string {
  const scheme = /^https?:\/\//.exec(url)?.[0] ?? '';
  const rest = url.slice(scheme.length);
  const shown = rest.slice(0, 30);
  const hidden = rest.slice(30);
  return `<a href="${escapeHtml(url)}" target="_blank" rel="nofollow noopener" translate="no"><span class="invisible">${escapeHtml(scheme)}</span><span class="${hidden ? 'ellipsis' : ''}">${escapeHtml(shown)}</span><span class="invisible">${escapeHtml(hidden)}</span></a>`;
}

export function accountJson(account: FakeAccount, host: string): Record<string, unknown> {
  const remote = account.acct.includes('@');
  const url = remote ? `https://${account.acct.split('@')[1] ?? host}/@${account.username}` : `https://${host}/@${account.username}`;
  return {
    id: account.id,
    username: account.username,
    acct: account.acct,
    display_name: account.username,
    locked: false,
    bot: account.bot,
    discoverable: true,
    group: false,
    created_at: '2023-01-01T00:00:00.000Z',
    note: '<p></p>',
    url,
    uri: url,
    avatar: `https://${host}/avatars/original/missing.png`,
    avatar_static: `https://${host}/avatars/original/missing.png`,
    header: `https://${host}/headers/original/missing.png`,
    header_static: `https://${host}/headers/original/missing.png`,
    followers_count: 10,
    following_count: 1,
    statuses_count: 1,
    last_status_at: '2024-01-01',
    emojis: [],
    fields: [],
  };
}

export function statusJson(status: FakeStatus, host: string): Record<string, unknown> {
  const url = `https://${host}/@${status.account.username}/${status.id}`;
  return {
    id: status.id,
    created_at: status.createdAt,
    in_reply_to_id: status.inReplyToId,
    in_reply_to_account_id: status.inReplyToAccountId,
    sensitive: false,
    spoiler_text: '',
    visibility: status.visibility,
    language: status.language,
    uri: `https://${host}/users/${status.account.username}/statuses/${status.id}`,
    url,
    replies_count: 0,
    reblogs_count: 0,
    favourites_count: 0,
    edited_at: null,
    content: renderContent(status.text, host),
    reblog: null,
    application: { name: 'Civicast', website: null },
    account: accountJson(status.account, host),
    media_attachments: (status.media ?? []).map((m) => mediaJson(m, host)),
    mentions: status.mentions.map((m) => ({ id: m.id, username: m.username, acct: m.acct, url: `https://${host}/@${m.acct}` })),
    tags: [],
    emojis: [],
    card: null,
    poll: null,
  };
}
