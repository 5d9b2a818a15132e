/**
 * Block Kit as HTML, close enough to Slack's look to read a view as its reader would: headers,
 * sections with fields and accessories, buttons, menus, inputs (with Slack's own "(optional)"),
 * context, dividers, images; mrkdwn bold, italics, code, links, mentions. Pure.
 */
import type { Shown } from './surfaces';
import type { Problem } from './check';

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const EMOJI: Record<string, string> = {
  wave: '👋',
  tada: '🎉',
  seedling: '🌱',
  coffee: '☕',
  sparkles: '✨',
  white_check_mark: '✅',
  warning: '⚠️',
  bar_chart: '📊',
  lock: '🔒',
  x: '❌',
  hourglass_flowing_sand: '⏳',
  information_source: 'ℹ️',
  red_circle: '🔴',
  large_orange_circle: '🟠',
  large_yellow_circle: '🟡',
  large_green_circle: '🟢',
  white_circle: '⚪',
  mag: '🔍',
  calendar: '📅',
  bulb: '💡',
  raised_hands: '🙌',
};

/** mrkdwn → HTML; `names` turns a user id into the name Slack would show. */
export function mrkdwn(text: string, names: ReadonlyMap<string, string>): string {
  const tokens: string[] = [];
  const keep = (html: string) => `\uE000${tokens.push(html) - 1}\uE000`;
  let s = text
    .replace(/<@([A-Z0-9]+)(?:\|[^>]*)?>/g, (_, id) =>
      keep(`<span class="mention">@${esc(names.get(id) ?? id)}</span>`),
    )
    .replace(/<#([A-Z0-9]+)\|([^>]*)>/g, (_, _id, name) => keep(`<span class="mention">#${esc(name)}</span>`))
    .replace(/<#([A-Z0-9]+)>/g, (_, id) => keep(`<span class="mention">#${esc(id)}</span>`))
    .replace(/<!date\^[^|>]*\|([^>]*)>/g, (_, fallback) => keep(esc(fallback)))
    .replace(/<!([a-z]+)[^>]*>/g, (_, name) => keep(`<span class="mention">@${esc(name)}</span>`))
    .replace(/<([^|>]+)\|([^>]*)>/g, (_, url, label) => keep(`<a href="${esc(url)}">${esc(label)}</a>`))
    .replace(/<((?:https?|mailto):[^>]+)>/g, (_, url) => keep(`<a href="${esc(url)}">${esc(url)}</a>`))
    .replace(/```([\s\S]*?)```/g, (_, code) => keep(`<pre>${esc(code)}</pre>`))
    .replace(/`([^`\n]+)`/g, (_, code) => keep(`<code>${esc(code)}</code>`));
  // Slack escapes &, < and > itself in mrkdwn: show them as they read
  s = esc(s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
  s = s
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,:;!?])/g, '$1<b>$2</b>')
    .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,:;!?])/g, '$1<i>$2</i>')
    .replace(/(^|[\s(])~([^~\n]+)~(?=$|[\s).,:;!?])/g, '$1<s>$2</s>')
    .replace(/:([a-z0-9_+-]+):/g, (m, name) => EMOJI[name] ?? m)
    .replace(/\n/g, '<br>');
  return s.replace(/\uE000(\d+)\uE000/g, (_, i) => tokens[Number(i)]);
}

const textOf = (t: any, names: ReadonlyMap<string, string>): string =>
  !t
    ? ''
    : t.type === 'mrkdwn'
      ? mrkdwn(String(t.text ?? ''), names)
      : esc(String(t.text ?? '')).replace(/\n/g, '<br>');

function element(e: any, names: ReadonlyMap<string, string>): string {
  if (!e) return '';
  switch (e.type) {
    case 'button':
      return `<span class="button ${e.style ?? ''}">${textOf(e.text, names)}</span>`;
    case 'image':
      return `<span class="thumb">${esc(e.alt_text ?? 'image')}</span>`;
    case 'static_select':
    case 'external_select':
    case 'users_select':
    case 'conversations_select':
    case 'channels_select': {
      const shown = e.initial_option ? textOf(e.initial_option.text, names) : textOf(e.placeholder, names) || 'Choose';
      return `<span class="select">${shown} ▾</span>`;
    }
    case 'multi_static_select':
    case 'multi_external_select':
    case 'multi_users_select':
    case 'multi_conversations_select': {
      const chosen = (e.initial_options ?? []).map((o: any) => `<span class="chip">${textOf(o.text, names)}</span>`);
      return `<span class="select multi">${chosen.join(' ') || textOf(e.placeholder, names) || 'Choose'} ▾</span>`;
    }
    case 'overflow':
      return '<span class="button">⋯</span>';
    case 'datepicker':
      return `<span class="select">${esc(e.initial_date ?? 'Pick a date')} 📅</span>`;
    case 'timepicker':
      return `<span class="select">${esc(e.initial_time ?? 'Pick a time')} 🕒</span>`;
    case 'checkboxes':
    case 'radio_buttons': {
      const on = new Set(
        [...(e.initial_options ?? []), ...(e.initial_option ? [e.initial_option] : [])].map((o: any) => o.value),
      );
      const mark = e.type === 'checkboxes' ? ['☐', '☑'] : ['○', '◉'];
      return (e.options ?? [])
        .map(
          (o: any) =>
            `<div class="choice">${mark[on.has(o.value) ? 1 : 0]} ${textOf(o.text, names)}${
              o.description ? `<div class="hint">${textOf(o.description, names)}</div>` : ''
            }</div>`,
        )
        .join('');
    }
    case 'plain_text_input':
    case 'number_input':
    case 'email_text_input':
    case 'url_text_input': {
      const value = e.initial_value ?? '';
      const shown = value ? esc(String(value)) : `<span class="placeholder">${textOf(e.placeholder, names)}</span>`;
      return `<div class="textbox${e.multiline ? ' multiline' : ''}">${shown}</div>`;
    }
    case 'file_input':
      return `<div class="textbox file">📎 Drag a file here or upload from your computer${
        e.filetypes ? ` (${esc(e.filetypes.join(', '))})` : ''
      }</div>`;
    default:
      return `<span class="unknown">[${esc(String(e.type))}]</span>`;
  }
}

function block(b: any, names: ReadonlyMap<string, string>, errors: Record<string, string>): string {
  const error = b.block_id && errors[b.block_id] ? `<div class="error">${esc(errors[b.block_id])}</div>` : '';
  switch (b.type) {
    case 'header':
      return `<h2>${textOf(b.text, names)}</h2>`;
    case 'divider':
      return '<hr>';
    case 'section': {
      const fields = b.fields
        ? `<div class="fields">${b.fields.map((f: any) => `<div>${textOf(f, names)}</div>`).join('')}</div>`
        : '';
      const accessory = b.accessory ? `<div class="accessory">${element(b.accessory, names)}</div>` : '';
      return `<div class="section"><div class="body">${textOf(b.text, names)}${fields}</div>${accessory}</div>`;
    }
    case 'context':
      return `<div class="context">${(b.elements ?? []).map((e: any) => (e.type === 'image' ? '🖼' : textOf(e, names))).join(' ')}</div>`;
    case 'actions':
      return `<div class="actions">${(b.elements ?? []).map((e: any) => element(e, names)).join(' ')}</div>`;
    case 'image':
      return `<div class="image">${b.title ? `<div>${textOf(b.title, names)}</div>` : ''}<div class="picture">${esc(
        b.alt_text ?? 'image',
      )}</div></div>`;
    case 'input': {
      const optional = b.optional ? ' <span class="optional">(optional)</span>' : '';
      const hint = b.hint ? `<div class="hint">${textOf(b.hint, names)}</div>` : '';
      return `<div class="input"><label>${textOf(b.label, names)}${optional}</label>${element(b.element, names)}${hint}${error}</div>`;
    }
    case 'rich_text':
      return `<div class="section">${esc(JSON.stringify(b.elements).slice(0, 300))}</div>`;
    default:
      return `<div class="unknown">[${esc(String(b.type))} block]</div>`;
  }
}

const STYLE = `
body { font: 15px/1.46 -apple-system, "Segoe UI", Lato, "Helvetica Neue", Arial, sans-serif; color: #1d1c1d;
  background: #f4f4f4; margin: 0; padding: 24px; }
h1 { font-size: 20px; margin: 0 0 16px; }
.item { background: #fff; border: 1px solid #ddd; border-radius: 8px; padding: 16px 20px; margin: 0 0 20px; max-width: 760px; }
.item.modal { max-width: 520px; }
.meta { color: #888; font-size: 12px; margin-bottom: 8px; }
.modal-title { font-weight: 700; font-size: 18px; border-bottom: 1px solid #eee; padding-bottom: 8px; margin-bottom: 8px; }
.modal-buttons { text-align: right; border-top: 1px solid #eee; padding-top: 8px; margin-top: 8px; }
.bot { font-weight: 700; margin-bottom: 4px; } .bot small { color: #888; font-weight: 400; }
h2 { font-size: 18px; margin: 10px 0 6px; }
hr { border: 0; border-top: 1px solid #e8e8e8; margin: 12px 0; }
.section { display: flex; gap: 12px; margin: 6px 0; } .section .body { flex: 1; }
.fields { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 16px; margin-top: 4px; }
.context { color: #616061; font-size: 13px; margin: 6px 0; }
.actions { margin: 8px 0; display: flex; flex-wrap: wrap; gap: 8px; }
.button { display: inline-block; border: 1px solid #bbb; border-radius: 4px; padding: 3px 12px; font-weight: 700; font-size: 14px; background: #fff; white-space: nowrap; }
.button.primary { background: #007a5a; color: #fff; border-color: #007a5a; }
.button.danger { background: #e01e5a; color: #fff; border-color: #e01e5a; }
.select { display: inline-block; border: 1px solid #bbb; border-radius: 4px; padding: 3px 10px; font-size: 14px; }
.chip { background: #e8f5fa; border-radius: 3px; padding: 0 4px; }
.input { margin: 12px 0; } .input label { font-weight: 700; display: block; margin-bottom: 4px; }
.optional { font-weight: 400; color: #616061; }
.textbox { border: 1px solid #bbb; border-radius: 4px; padding: 6px 8px; min-height: 20px; }
.textbox.multiline { min-height: 56px; } .textbox.file { border-style: dashed; color: #616061; }
.placeholder { color: #999; } .hint { color: #616061; font-size: 13px; margin-top: 4px; }
.error { color: #e01e5a; font-size: 13px; margin-top: 4px; }
.mention { background: #e8f5fa; color: #1264a3; border-radius: 3px; padding: 0 2px; }
code { background: #f6f6f6; border: 1px solid #ddd; border-radius: 3px; padding: 0 3px; font-size: 13px; }
.picture { background: #eef; border: 1px dashed #99c; padding: 40px; text-align: center; color: #557; }
.problem { background: #fff0f3; border-left: 4px solid #e01e5a; padding: 4px 8px; margin: 6px 0; font-size: 13px; }
.unknown { color: #a00; }
`;

/** One HTML page for a surface: every distinct item the tests recorded there, in order. */
export function surfacePage(
  surface: string,
  items: Shown[],
  names: ReadonlyMap<string, string>,
  problems: Problem[] = [],
): string {
  const rendered = items.map((item) => {
    const mine = problems.filter((p) => p.test === item.test && p.surface === item.surface);
    const flagged = mine.map((p) => `<div class="problem">${esc(p.rule)}: ${esc(p.excerpt)}</div>`).join('');
    const body = item.blocks.length
      ? item.blocks.map((b) => block(b, names, item.errors ?? {})).join('\n')
      : item.errors
        ? Object.entries(item.errors)
            .map(
              ([id, message]) =>
                `<div class="input"><label>${esc(id)}</label><div class="error">${esc(message)}</div></div>`,
            )
            .join('')
        : `<div class="section">${mrkdwn(String(item.text ?? ''), names)}</div>`;
    const isModal = item.kind === 'view' && surface.startsWith('modal');
    const top = isModal
      ? `<div class="modal-title">${esc(item.title ?? '')}</div>`
      : item.kind === 'message'
        ? '<div class="bot">Weaver <small>APP</small></div>'
        : '';
    const bottom =
      isModal && (item.submit || item.close)
        ? `<div class="modal-buttons">${item.close ? `<span class="button">${esc(item.close)}</span> ` : ''}${
            item.submit ? `<span class="button primary">${esc(item.submit)}</span>` : ''
          }</div>`
        : '';
    return `<div class="item${isModal ? ' modal' : ''}"><div class="meta">${esc(item.test)}</div>${flagged}${top}${body}${bottom}</div>`;
  });
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(surface)}</title><style>${STYLE}</style></head>
<body><h1>${esc(surface)} — ${items.length} distinct</h1>
${rendered.join('\n')}
</body></html>`;
}
