/** Small, clamped Block Kit builders shared by the views. */
import type { KnownBlock, Button } from '@slack/types';
import { LIMITS, clamp } from './limits';

export const header = (text: string): KnownBlock => ({
  type: 'header',
  text: { type: 'plain_text', text: clamp(text, LIMITS.headerText), emoji: true },
});

export const section = (mrkdwn: string, accessory?: Button): KnownBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: clamp(mrkdwn, LIMITS.sectionText) },
  ...(accessory ? { accessory } : {}),
});

export const context = (...mrkdwn: string[]): KnownBlock => ({
  type: 'context',
  elements: mrkdwn
    .slice(0, LIMITS.contextElements)
    .map((t) => ({ type: 'mrkdwn', text: clamp(t, LIMITS.sectionText) })),
});

export const divider = (): KnownBlock => ({ type: 'divider' });

export const button = (text: string, actionId: string, value?: string, style?: 'primary' | 'danger'): Button => ({
  type: 'button',
  text: { type: 'plain_text', text: clamp(text, LIMITS.buttonText), emoji: true },
  action_id: clamp(actionId, LIMITS.actionId),
  ...(value !== undefined ? { value: clamp(value, LIMITS.buttonValue) } : {}),
  ...(style ? { style } : {}),
});

export const actions = (blockId: string | undefined, ...elements: Button[]): KnownBlock => ({
  type: 'actions',
  ...(blockId ? { block_id: blockId } : {}),
  elements: elements.slice(0, LIMITS.actionsElements),
});

/** Keeps a view within its block budget, replacing the overflow with one closing note. */
export function fitBlocks(blocks: KnownBlock[], max: number = LIMITS.blocksPerView): KnownBlock[] {
  if (blocks.length <= max) return blocks;
  return [...blocks.slice(0, max - 1), context('_More than fits here; see the CLI or CSV export for the rest._')];
}
