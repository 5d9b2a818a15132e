/**
 * Every action_id, callback_id and options id Weaver's views use, in one place, so a button built
 * by one view is handled by the listener that owns it. Owner in the comment.
 */
export const ACTIONS = {
  // passions (prompts feature): open the passions modal; snooze; stop prompts
  openPassions: 'passions.open',
  promptNotNow: 'passions.not_now',
  promptStop: 'passions.stop',
  // passions modal typeahead (options listener)
  passionTagsOptions: 'passions.tags',
  teachTagsOptions: 'passions.teach',
  learnTagsOptions: 'passions.learn',
  // member choices (privacy/preferences, prompts feature)
  pause2w: 'prefs.pause_2w',
  pause4w: 'prefs.pause_4w',
  resume: 'prefs.resume',
  optOut: 'prefs.optout',
  optIn: 'prefs.optin',
  myData: 'privacy.mydata',
  forgetMe: 'privacy.forget',
  forgetConfirm: 'privacy.forget_confirm',
  // introductions feature
  introAccept: 'intro.accept',
  introNotNow: 'intro.not_now',
  introPause: 'intro.pause',
  introMet: 'intro.met_yes',
  introNotYet: 'intro.met_not_yet',
  introDidNotMeet: 'intro.met_no',
  introComeBack: 'intro.come_back',
  /** value `<introId>:<userId>`: never suggest that person to the clicker again */
  introBlock: 'intro.block',
  homeNotifyNoMatch: 'home.notify_no_match',
  /** "Allow again" next to a person the member blocked */
  homeUnblock: 'home.unblock',
  /** the person picker "Never suggest…" */
  homeBlockPerson: 'home.block_person',
  // asks ("who could help me with X?")
  /** opens the ask modal (Home button) */
  askOpen: 'ask.open',
  /** value `<askId>`: the person asked says yes / not this time */
  askAccept: 'ask.accept',
  askDecline: 'ask.decline',
  /** the member's "not for questions" choice on Home, value `on` | `off` */
  homeNotForQuestions: 'home.not_for_questions',
  // App Home (home feature)
  homeToggleLead: 'home.toggle_lead',
  homeDepartmentsPage: 'home.departments_page',
  homeRefreshReport: 'home.refresh_report',
  homeExportCsv: 'home.export_csv',
  homeDryRun: 'home.dry_run',
  homeOpenSettings: 'home.open_settings',
  homeSuggestChannel: 'home.suggest_channel',
  homeJoinChannel: 'home.join_channel',
  homeFrequency: 'home.frequency',
  settingsChannelOverride: 'settings.channel_override',
  settingsOpenAdvanced: 'settings.open_advanced',
  settingsUploadDepartments: 'settings.upload_departments',
  settingsUploadExport: 'settings.upload_export',
} as const;

export const CALLBACKS = {
  passionsModal: 'passions_modal',
  forgetModal: 'forget_modal',
  settingsModal: 'settings_modal',
  askModal: 'ask_modal',
  settingsAdvancedModal: 'settings_advanced_modal',
  departmentsUploadModal: 'departments_upload_modal',
  exportUploadModal: 'export_upload_modal',
} as const;
