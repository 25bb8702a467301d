import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';

/**
 * A copy of the shipped knowledge base in which one topic's texts in one language live in that
 * language's folder, as written here: the topic file's own texts in that language are taken out
 * (a language lives in one place per topic), so the fixture holds whether or not the shipped
 * knowledge base has the language yet.
 */
export function faqWithLanguageFile(language: string, topicFile: string, yaml: string): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civicast-faq-'));
  fs.cpSync(path.resolve('faq'), dir, { recursive: true });
  const file = path.join(dir, topicFile);
  const doc = parseDocument(fs.readFileSync(file, 'utf8'));
  for (const field of ['examples', 'keywords', 'acknowledge', 'review']) if (doc.hasIn([field, language])) doc.deleteIn([field, language]);
  const answers = doc.get('answers', true);
  for (const state of Object.keys((answers as { toJSON(): Record<string, unknown> } | undefined)?.toJSON() ?? {})) if (doc.hasIn(['answers', state, language])) doc.deleteIn(['answers', state, language]);
  fs.writeFileSync(file, doc.toString({ lineWidth: 0 }));
  fs.mkdirSync(path.join(dir, language), { recursive: true });
  fs.writeFileSync(path.join(dir, language, topicFile), yaml);
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Vietnamese texts for `snow.plowing`, a draft (the answers the faq-zh-vi pass wrote). */
export const VIETNAMESE_SNOW_PLOWING = `id: snow.plowing
review: draft
examples:
  - "khi nào đường của tôi được dọn tuyết"
  - "xe cào tuyết khi nào đến"
  - "đường nhà tôi chưa được dọn tuyết"
keywords:
  - "dọn tuyết"
answers:
  default: "Đội dọn tuyết làm Tuyến Đường Khẩn Cấp Tuyết và đường lớn trước, rồi tới đường nhỏ, lâu hơn. Trong lúc bão không nhận yêu cầu; nếu hết bão mà đường bạn chưa được dọn, hãy báo 311."
  snow: "Xe ủi dọn {{city.snowRouteMiles}} dặm Tuyến Đường Khẩn Cấp Tuyết trước, rồi tới đường nhỏ, lâu hơn. Đừng đậu xe trên tuyến khẩn cấp. Nếu hết bão mà đường bạn chưa được dọn, hãy báo 311."
acknowledge: "Rất tiếc đã để bạn chờ lâu."
`;
