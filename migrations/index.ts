/**
 * The ordered list of migrations. Add a new file and append it here; never edit an applied one.
 * Listing them statically lets the same code run under tsx, jest and a compiled build.
 */
import type { Knex } from 'knex';
import * as m001 from './001_initial_schema';
import * as m010 from './010_sync_ledger_and_progress';
import * as m030 from './030_passion_prompts';
import * as m060 from './060_home';
import * as m070 from './070_interaction_tombstones';
import * as m080 from './080_channel_renamed_at';
import * as m095 from './095_intro_job_keys';
import * as m100 from './100_report_trend_chart';
import * as m110 from './110_intros_round_index';
import * as m111 from './111_members_unused_columns';
import * as m112 from './112_jobs_user_id';
import * as m160 from './160_department_sources';
import * as m161 from './161_export_imports';
import * as m150 from './150_asks';
import * as m151 from './151_ask_request_tag';
import * as m130 from './130_events_seen_processed';
import * as m170 from './170_channel_kind_inferred';
import * as m171 from './171_channel_window_ties';
import * as m180 from './180_channel_member_counts';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

const migrations: Array<[string, Migration]> = [
  ['001_initial_schema', m001],
  ['010_sync_ledger_and_progress', m010],
  ['030_passion_prompts', m030],
  ['060_home', m060],
  ['070_interaction_tombstones', m070],
  ['080_channel_renamed_at', m080],
  ['095_intro_job_keys', m095],
  ['100_report_trend_chart', m100],
  ['110_intros_round_index', m110],
  ['111_members_unused_columns', m111],
  ['112_jobs_user_id', m112],
  ['160_department_sources', m160],
  ['161_export_imports', m161],
  ['150_asks', m150],
  ['151_ask_request_tag', m151],
  ['130_events_seen_processed', m130],
  ['170_channel_kind_inferred', m170],
  ['180_channel_member_counts', m180],
  ['171_channel_window_ties', m171],
];

export const migrationSource: Knex.MigrationSource<[string, Migration]> = {
  getMigrations: async () => migrations,
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
};
