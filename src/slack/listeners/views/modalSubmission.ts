/** The parts of a view_submission payload Weaver's modals read (text inputs and multi-selects), validated once. */
import { z } from 'zod';

export const stateValue = z.object({
  value: z.string().nullish(),
  selected_options: z.array(z.object({ value: z.string() })).nullish(),
});
export type StateValue = z.infer<typeof stateValue>;

export const submission = z.object({
  user: z.object({ id: z.string() }),
  team: z.object({ id: z.string() }).nullish(),
  view: z.object({ state: z.object({ values: z.record(z.string(), z.record(z.string(), stateValue)) }) }),
});
