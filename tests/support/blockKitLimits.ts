/**
 * Checks a view or message against Slack's Block Kit limits (SLACK_REFERENCE.md), returning every
 * violation as a readable line, so a test can `expect(blockKitViolations(view)).toEqual([])`.
 */
import { LIMITS } from '../../src/views/limits';

type Any = Record<string, any>;

export function blockKitViolations(
  view: { blocks?: Any[]; private_metadata?: string; title?: Any; submit?: Any; close?: Any },
  maxBlocks: number = LIMITS.blocksPerView,
): string[] {
  const out: string[] = [];
  const blocks = view.blocks ?? [];
  if (blocks.length > maxBlocks) out.push(`${blocks.length} blocks > ${maxBlocks}`);
  if ((view.private_metadata ?? '').length > LIMITS.privateMetadata) out.push('private_metadata too long');
  for (const key of ['title', 'submit', 'close'] as const) {
    const t = view[key]?.text;
    if (t && t.length > LIMITS.modalTitle) out.push(`${key} "${t}" > ${LIMITS.modalTitle}`);
  }
  const checkElement = (e: Any, where: string) => {
    if (e.action_id && e.action_id.length > LIMITS.actionId) out.push(`${where}: action_id too long`);
    if (e.type === 'button') {
      if (e.text.text.length > LIMITS.buttonText)
        out.push(`${where}: button text ${e.text.text.length} > ${LIMITS.buttonText}`);
      if ((e.value ?? '').length > LIMITS.buttonValue) out.push(`${where}: button value too long`);
    }
    for (const o of e.options ?? []) {
      if (o.text.text.length > LIMITS.optionText) out.push(`${where}: option text too long`);
      if (o.value.length > LIMITS.optionValue) out.push(`${where}: option value too long`);
    }
    if ((e.options ?? []).length > LIMITS.staticSelectOptions) out.push(`${where}: too many options`);
  };
  const ids = blocks.map((b) => b.block_id).filter(Boolean);
  if (new Set(ids).size !== ids.length) out.push('duplicate block_id');
  blocks.forEach((b, i) => {
    const where = `block ${i} (${b.type})`;
    if (b.block_id && b.block_id.length > LIMITS.blockId) out.push(`${where}: block_id too long`);
    if (b.type === 'header' && b.text.text.length > LIMITS.headerText)
      out.push(`${where}: header ${b.text.text.length} > ${LIMITS.headerText}`);
    if (b.type === 'section') {
      if (b.text && b.text.text.length > LIMITS.sectionText)
        out.push(`${where}: text ${b.text.text.length} > ${LIMITS.sectionText}`);
      if (b.fields) {
        if (b.fields.length > LIMITS.sectionFields) out.push(`${where}: ${b.fields.length} fields`);
        for (const f of b.fields) if (f.text.length > LIMITS.fieldText) out.push(`${where}: field too long`);
      }
      if (b.accessory) checkElement(b.accessory, where);
    }
    if (b.type === 'actions') {
      if (b.elements.length > LIMITS.actionsElements) out.push(`${where}: ${b.elements.length} elements`);
      for (const e of b.elements as Any[]) checkElement(e, where);
    }
    if (b.type === 'context') {
      if (b.elements.length > LIMITS.contextElements) out.push(`${where}: ${b.elements.length} elements`);
      for (const e of b.elements)
        if ((e.text ?? '').length > LIMITS.sectionText) out.push(`${where}: context text too long`);
    }
    if (b.type === 'input') {
      if (b.label.text.length > 2000) out.push(`${where}: label too long`);
      checkElement(b.element, where);
    }
  });
  return out;
}
