import fs from 'node:fs';
import Handlebars from 'handlebars';
import { cachedDateFormat } from '../cached-date-format.js';
import type { StatusView } from './status-view.js';

/**
 * Page labels per locale; a locale without its own falls back to English. `stale` (shown when the
 * page could not be refreshed) is a draft in es, zh and vi: review status pending with the city.
 */
const LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  en: { heading: 'What is in effect now', none: 'No emergency is in effect. City services run on their normal schedule.', since: 'Since', until: 'Until', posts: 'Latest official posts', noPosts: 'No posts yet.', ended: 'Recently ended', feeds: 'Follow: Atom feed of posts · CAP alerts feed', updated: 'Updated', language: 'English', stale: 'This page could not be refreshed. It shows what was known at the time above; check again shortly.' },
  es: { heading: 'Lo que está en vigor ahora', none: 'No hay ninguna emergencia en vigor. Los servicios funcionan con normalidad.', since: 'Desde', until: 'Hasta', posts: 'Últimas publicaciones oficiales', noPosts: 'Aún no hay publicaciones.', ended: 'Terminadas recientemente', feeds: 'Suscríbase: feed Atom · alertas CAP', updated: 'Actualizado', language: 'Español', stale: 'No se pudo actualizar esta página. Muestra lo que se sabía a la hora indicada arriba; vuelva a consultarla en unos minutos.' },
  zh: { heading: '目前生效的措施', none: '目前没有紧急状态。市政服务正常运行。', since: '开始', until: '结束', posts: '最新官方消息', noPosts: '暂无消息。', ended: '最近结束', feeds: '订阅：Atom 消息源 · CAP 警报源', updated: '更新于', language: '中文', stale: '此页面暂时无法更新。以下内容为上方所示时间的信息，请稍后再查看。' },
  vi: { heading: 'Những gì đang có hiệu lực', none: 'Hiện không có tình trạng khẩn cấp. Dịch vụ thành phố hoạt động bình thường.', since: 'Từ', until: 'Đến', posts: 'Tin chính thức mới nhất', noPosts: 'Chưa có tin.', ended: 'Vừa kết thúc', feeds: 'Theo dõi: nguồn Atom · cảnh báo CAP', updated: 'Cập nhật', language: 'Tiếng Việt', stale: 'Không thể cập nhật trang này. Nội dung là thông tin tại thời điểm ghi ở trên; vui lòng xem lại sau ít phút.' },
};

const TOPIC_LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  en: { 'emergency.status': 'Status', 'parking.move_car': 'Parking', 'trash.collection': 'Trash and recycling', 'street_cleaning.schedule': 'Street cleaning' },
  es: { 'emergency.status': 'Estado', 'parking.move_car': 'Estacionamiento', 'trash.collection': 'Basura y reciclaje', 'street_cleaning.schedule': 'Limpieza de calles' },
};

/**
 * Renders the public status page. Handlebars here escapes HTML (unlike the post templates, which
 * produce plain text), so nothing from feeds or posts can inject markup.
 */
export class StatusPage {
  private readonly template: Handlebars.TemplateDelegate;

  constructor(templateFile: string) {
    const hbs = Handlebars.create();
    this.template = hbs.compile(fs.readFileSync(templateFile, 'utf8'), { strict: false });
  }

  render(view: StatusView, options: { locales: readonly string[]; defaultLocale: string; lang: string }): string {
    const labels = (locale: string) => LABELS[locale] ?? LABELS['en'] ?? {};
    const lang = options.locales.includes(options.lang) ? options.lang : options.defaultLocale;
    // One formatter per locale, made once (a new one per date grew the process by gigabytes).
    const format = (isoTime: string, locale: string) => cachedDateFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: view.city.timeZone }).format(new Date(isoTime));
    return this.template({
      lang,
      city: view.city.name,
      t: labels(lang),
      updated: format(view.generatedAt, lang),
      stale: view.stale !== undefined,
      languages: options.locales.map((l) => ({ code: l, name: labels(l)['language'] ?? l, current: l === lang })),
      emergencies: view.emergencies.map((e) => ({ ...e, since: format(e.effectiveAt, lang), until: e.expiresAt === undefined ? undefined : format(e.expiresAt, lang) })),
      ended: view.ended.map((e) => ({ ...e, endedLabel: format(e.endedAt ?? e.updatedAt, lang) })),
      // The chosen language first, then the others, each with its own lang attribute.
      meaning: [...view.meaning]
        .sort((a, b) => (a.locale === lang ? -1 : b.locale === lang ? 1 : 0))
        .map((m) => ({ locale: m.locale, name: labels(m.locale)['language'] ?? m.locale, items: m.items.map((i) => ({ ...i, label: (TOPIC_LABELS[m.locale] ?? TOPIC_LABELS['en'] ?? {})[i.topic] ?? i.topic })) })),
      posts: view.posts.slice(0, 15).map((p) => ({ ...p, when: format(p.at, lang) })),
    });
  }
}
