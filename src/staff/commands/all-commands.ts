import type { StaffCommand } from '../command.js';
import { accountChangePassword } from './account-change-password.js';
import { accountSignOutEverywhere } from './account-sign-out-everywhere.js';
import { emergencyApprove } from './emergency-approve.js';
import { emergencyDeclare } from './emergency-declare.js';
import { emergencyLift } from './emergency-lift.js';
import { emergencyReject } from './emergency-reject.js';
import { emergencyUpdate } from './emergency-update.js';
import { faqPhrasingAdd } from './faq-phrasing-add.js';
import { faqPhrasingRemove } from './faq-phrasing-remove.js';
import { faqThemeAnswer } from './faq-theme-answer.js';
import { faqTopicDraft } from './faq-topic-draft.js';
import { faqTopicDisable, faqTopicEnable } from './faq-topic-switch.js';
import { feedPoll } from './feed-poll.js';
import { feedResume } from './feed-resume.js';
import { inboxAnswer } from './inbox-answer.js';
import { inboxResolve } from './inbox-resolve.js';
import { outboxApprove } from './outbox-approve.js';
import { outboxCancel } from './outbox-cancel.js';
import { outboxRetry } from './outbox-retry.js';
import { postEdit } from './post-edit.js';
import { postQueue } from './post-queue.js';
import { postingPause } from './posting-pause.js';
import { postingResume } from './posting-resume.js';
import { recordsExport } from './records-export.js';
import { scheduleAdd } from './schedule-add.js';
import { scheduleApprove } from './schedule-approve.js';
import { scheduleCancel } from './schedule-cancel.js';
import { scheduleEdit } from './schedule-edit.js';
import { storeBackup } from './store-backup.js';
import { tokenCreate } from './token-create.js';
import { translationApprove } from './translation-approve.js';
import { translationEdit } from './translation-edit.js';
import { tokenRevoke } from './token-revoke.js';
import { userAdd } from './user-add.js';
import { userDisable } from './user-disable.js';
import { userEnable } from './user-enable.js';
import { userEndSessions } from './user-end-sessions.js';
import { userSetPassword } from './user-set-password.js';
import { userSetRole } from './user-set-role.js';

/**
 * Every staff command, by name: the list `civicast --help`, the docs and the tests enumerate.
 * A new command is one file in this folder plus its line here (FAQ and translation edits next).
 */
export const STAFF_COMMANDS = {
  emergencyDeclare,
  emergencyUpdate,
  emergencyApprove,
  emergencyReject,
  emergencyLift,
  postQueue,
  postEdit,
  outboxApprove,
  outboxRetry,
  outboxCancel,
  scheduleAdd,
  scheduleApprove,
  scheduleCancel,
  scheduleEdit,
  inboxAnswer,
  inboxResolve,
  postingPause,
  postingResume,
  feedPoll,
  feedResume,
  storeBackup,
  userAdd,
  userSetRole,
  userSetPassword,
  userDisable,
  userEnable,
  userEndSessions,
  accountChangePassword,
  accountSignOutEverywhere,
  tokenCreate,
  tokenRevoke,
  translationApprove,
  translationEdit,
  faqThemeAnswer,
  faqPhrasingAdd,
  faqPhrasingRemove,
  faqTopicDraft,
  faqTopicDisable,
  faqTopicEnable,
  recordsExport,
} as const satisfies Record<string, StaffCommand>;
