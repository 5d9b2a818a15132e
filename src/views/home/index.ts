/**
 * The App Home tab: every member's own page, and for leads a toggle to the lead view.
 * Pure: a view model in, a Block Kit `home` view out, always within the 100-block budget.
 */
import type { HomeView, KnownBlock } from '@slack/types';
import { ACTIONS } from '../actionIds';
import { actions, button, context, fitBlocks } from '../blocks';
import { leadBlocks, type LeadPageModel } from './leadView';
import { memberBlocks, type MemberPageModel } from './memberView';

export type HomeMode = 'member' | 'lead';

export interface HomeModel {
  userId: string;
  isLead: boolean;
  mode: HomeMode;
  /** absent in lead mode (not read, to keep the Home tab fast) */
  member: MemberPageModel | null;
  /** present only for leads in lead mode */
  lead: LeadPageModel | null;
}

export function homeView(model: HomeModel): HomeView {
  const blocks: KnownBlock[] = [];
  const showLead = model.isLead && model.mode === 'lead' && model.lead !== null;
  if (model.isLead) {
    blocks.push(
      actions(
        'home_toggle',
        showLead
          ? button('My page', ACTIONS.homeToggleLead, 'member')
          : button('Lead view', ACTIONS.homeToggleLead, 'lead', 'primary'),
      ),
    );
  }
  if (showLead) {
    blocks.push(...leadBlocks(model.lead!));
  } else if (model.member) {
    blocks.push(...memberBlocks(model.member));
  } else {
    blocks.push(context('This page could not be loaded; open the Home tab again in a moment.'));
  }
  return {
    type: 'home',
    private_metadata: JSON.stringify({ mode: showLead ? 'lead' : 'member', page: model.lead?.page ?? 0 }),
    blocks: fitBlocks(blocks),
  };
}

export type { LeadPageModel, MemberPageModel };
