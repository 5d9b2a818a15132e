/**
 * `npm run views -- --check`: what a program can tell reads wrong in a view or message. Pure.
 *
 * - a raw user id (`U0ANA`) where a mention belongs: in plain text, or a `<@…>` in plain_text,
 *   which Slack shows as typed;
 * - "(optional)" twice: Slack adds it to an optional input's label itself;
 * - a doubled word ("the the");
 * - a sentence over 300 characters;
 * - more blocks than Slack takes (100 in a view, 50 in a message).
 */
import type { Shown } from './surfaces';

export interface Problem {
  surface: string;
  test: string;
  rule: string;
  excerpt: string;
}

/** A piece of text as Slack shows it: mrkdwn (mentions render) or plain_text (shown as typed). */
export interface Piece {
  kind: 'mrkdwn' | 'plain_text';
  text: string;
}

/** Every text a person reads in a view or message, with input labels as Slack renders them. */
export function piecesOf(item: Shown): Piece[] {
  const out: Piece[] = [];
  if (item.title) out.push({ kind: 'plain_text', text: item.title });
  if (item.text && !item.blocks.length) out.push({ kind: 'mrkdwn', text: item.text });
  for (const message of Object.values(item.errors ?? {})) out.push({ kind: 'plain_text', text: message });
  const walk = (node: unknown, optionalLabel: boolean) => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n, false);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string') {
      out.push({ kind: o.type, text: optionalLabel ? `${o.text} (optional)` : o.text });
      return;
    }
    for (const [key, value] of Object.entries(o)) {
      if (key === 'value' || key === 'action_id' || key === 'block_id' || key === 'url') continue;
      walk(value, key === 'label' && o.type === 'input' && o.optional === true);
    }
  };
  walk(item.blocks, false);
  return out;
}

/** What a reader sees: mentions and links as their label, markup removed. */
export const asRead = (text: string): string =>
  text
    .replace(/<@([A-Z0-9]+)>/g, '@$1')
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/<#[A-Z0-9]+>/g, '#channel')
    .replace(/<!([a-z]+)[^>]*>/g, '@$1')
    .replace(/<[^|>]+\|([^>]*)>/g, '$1')
    .replace(/<([^>]+)>/g, '$1')
    .replace(/[*_~`]/g, '');

const RAW_ID = /\b[UW](?=[A-Z0-9]*\d)[A-Z0-9]{4,}\b/;
const DOUBLED = /\b([A-Za-z]{2,})[ \t]+\1\b/i;
export const MAX_SENTENCE = 300;

export function problemsOf(item: Shown): Problem[] {
  const problems: Problem[] = [];
  const say = (rule: string, excerpt: string) =>
    problems.push({ surface: item.surface, test: item.test, rule, excerpt: excerpt.slice(0, 160) });
  const maxBlocks = item.kind === 'view' ? 100 : 50;
  if (item.blocks.length > maxBlocks) say(`more than ${maxBlocks} blocks`, `${item.blocks.length} blocks`);
  for (const p of piecesOf(item)) {
    const withoutMentions = p.kind === 'mrkdwn' ? p.text.replace(/<[@#!][^>]*>/g, '') : p.text;
    if (RAW_ID.test(withoutMentions) || (p.kind === 'plain_text' && /<@[A-Z0-9]+>/.test(p.text)))
      say('raw user id where a mention belongs', p.text);
    if ((p.text.match(/\(optional\)/gi) ?? []).length > 1) say('"(optional)" twice', p.text);
    const read = asRead(p.text);
    const doubled = DOUBLED.exec(read);
    if (doubled) say(`doubled word "${doubled[1]}"`, read);
    for (const sentence of read.split(/(?<=[.!?])\s+|\n+/)) {
      if (sentence.trim().length > MAX_SENTENCE) say(`sentence over ${MAX_SENTENCE} characters`, sentence);
    }
  }
  return problems;
}
