import { z } from 'zod';

export const translationLanguage = z.string().regex(/^[a-z]{2,3}$/, 'a language code such as es');
export const translationKey = z.string().regex(/^[a-z]+:[\w./-]{1,200}$/, 'a text key such as template:snow/status (civicast translations list)');
