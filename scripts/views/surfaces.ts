/**
 * What the end-to-end tests recorded (tests/support/fakeSlack.ts, WEAVER_VIEWS_DIR), sorted into the
 * surfaces a person sees: the Home (lead and member), each modal, DMs, group DMs, channel posts and
 * ephemeral answers. Pure.
 */

export interface Recorded {
  test: string;
  method: string;
  args: Record<string, any>;
}

/** One thing a person reads: a view or a message, with the blocks and fallback text Slack shows. */
export interface Shown {
  surface: string;
  test: string;
  kind: 'view' | 'message';
  title?: string;
  text?: string;
  blocks: any[];
  /** a modal's submit/close labels, shown as buttons */
  submit?: string;
  close?: string;
  /** field errors a modal shows (block_id → message) */
  errors?: Record<string, string>;
}

const plain = (t: unknown): string | undefined =>
  t && typeof t === 'object' ? String((t as { text?: unknown }).text ?? '') : undefined;

function fromView(surface: string, test: string, view: Record<string, any>): Shown {
  return {
    surface,
    test,
    kind: 'view',
    title: plain(view.title),
    submit: plain(view.submit),
    close: plain(view.close),
    blocks: Array.isArray(view.blocks) ? view.blocks : [],
  };
}

/** Where a message landed, from its channel id (the fake's DMs with several people are group DMs). */
function conversation(channel: string): string {
  if (/^[UWD]/.test(channel)) return 'dm';
  if (/^G|^MP/.test(channel)) return 'group-dm';
  return 'channel';
}

const isLeadHome = (view: Record<string, any>) => /Silo report|home\.refresh_report/.test(JSON.stringify(view.blocks));

/** Sorts the recorded calls into surfaces, each item once (identical ones are shown once). */
export function surfacesOf(records: Recorded[]): Map<string, Shown[]> {
  const out = new Map<string, Shown[]>();
  const seen = new Set<string>();
  const add = (s: Shown) => {
    const key = JSON.stringify([s.surface, s.title, s.text, s.blocks, s.errors]);
    if (seen.has(key)) return;
    seen.add(key);
    out.set(s.surface, [...(out.get(s.surface) ?? []), s]);
  };
  for (const r of records) {
    const a = r.args ?? {};
    switch (r.method) {
      case 'views.publish':
        if (a.view) add(fromView(isLeadHome(a.view) ? 'home-lead' : 'home-member', r.test, a.view));
        break;
      case 'views.open':
      case 'views.push':
      case 'views.update':
        if (a.view) add(fromView(`modal-${a.view.callback_id ?? 'untitled'}`, r.test, a.view));
        break;
      case 'chat.postMessage':
      case 'chat.update': {
        add({
          surface: conversation(String(a.channel ?? '')),
          test: r.test,
          kind: 'message',
          text: a.text,
          blocks: blocksOf(a.blocks),
        });
        break;
      }
      case 'chat.postEphemeral':
        add({ surface: 'ephemeral', test: r.test, kind: 'message', text: a.text, blocks: blocksOf(a.blocks) });
        break;
      case 'response_url':
      case 'slash_command':
        if (a.text || a.blocks) {
          const surface = a.response_type === 'in_channel' ? 'channel' : a.replace_original ? 'dm' : 'ephemeral';
          add({ surface, test: r.test, kind: 'message', text: a.text, blocks: blocksOf(a.blocks) });
        }
        break;
      case 'view_submission':
        if (a.response_action === 'errors' && a.errors)
          add({ surface: 'modal-errors', test: r.test, kind: 'view', blocks: [], errors: a.errors });
        else if ((a.response_action === 'update' || a.response_action === 'push') && a.view)
          add(fromView(`modal-${a.view.callback_id ?? 'untitled'}`, r.test, a.view));
        break;
      default:
        break;
    }
  }
  return out;
}

const blocksOf = (b: unknown): any[] => (Array.isArray(b) ? b : typeof b === 'string' ? safeBlocks(b) : []);

function safeBlocks(s: string): any[] {
  try {
    const v = JSON.parse(s);
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}
