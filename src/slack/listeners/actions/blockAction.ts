/** The parts of a block_actions payload Weaver's buttons need, validated once. */
import { z } from 'zod';

export const blockActionSchema = z.object({
  user: z.object({ id: z.string().min(1), team_id: z.string().optional() }),
  team: z.object({ id: z.string().min(1) }).nullish(),
  trigger_id: z.string().optional(),
  response_url: z.string().optional(),
  actions: z
    .array(
      z.object({
        action_id: z.string(),
        value: z.string().optional(),
        selected_option: z.object({ value: z.string() }).nullish(),
        selected_user: z.string().nullish(),
      }),
    )
    .min(1),
});

export interface BlockAction {
  teamId: string;
  userId: string;
  triggerId?: string;
  fromMessage: boolean;
  actionId: string;
  value?: string;
  /** the chosen option of a select menu or radio buttons */
  selectedValue?: string;
  /** the person chosen in a users_select */
  selectedUser?: string;
}

export function readBlockAction(body: unknown, contextTeamId: string | undefined): BlockAction | null {
  const parsed = blockActionSchema.safeParse(body);
  if (!parsed.success) return null;
  const b = parsed.data;
  const teamId = contextTeamId ?? b.team?.id ?? b.user.team_id;
  if (!teamId) return null;
  const action = b.actions[0];
  return {
    teamId,
    userId: b.user.id,
    triggerId: b.trigger_id,
    fromMessage: Boolean(b.response_url),
    actionId: action.action_id,
    value: action.value,
    selectedValue: action.selected_option?.value,
    selectedUser: action.selected_user ?? undefined,
  };
}
