import { notifyMessages } from './notify-messages';

type Tree = { [k: string]: string | Tree };
const keys = (t: Tree, prefix = ''): string[] =>
  Object.entries(t).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('notify messages', () => {
  it('has every key in zh-CN and English, with the same placeholders', () => {
    const zh = keys(notifyMessages['zh-CN']);
    expect(keys(notifyMessages.en)).toEqual(zh);
    const get = (t: Tree, k: string) => k.split('.').reduce<Tree | string>((n, p) => (n as Tree)[p]!, t) as string;
    for (const k of zh) expect(vars(get(notifyMessages.en, k)), k).toEqual(vars(get(notifyMessages['zh-CN'], k)));
  });
});
