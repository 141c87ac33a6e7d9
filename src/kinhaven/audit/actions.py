"""What an audit entry records was done: one vocabulary for every app.

The values are the strings stored in `AuditEntry.action`; the field has no database choices, so
a new action needs no migration. `audit_record` refuses any value not listed here.
"""

from __future__ import annotations

import enum
from typing import Any

from django.utils.translation import gettext_lazy as _


class AuditAction(enum.StrEnum):
    ACCESS_REFUSED = "access.refused"

    ACTION_READ = "action.read"
    ACTION_READ_FOR_UPDATE = "action.read_for_update"

    AGE_ASSESSMENT_APPEAL = "age_assessment.appeal"
    AGE_ASSESSMENT_APPEAL_DECIDE = "age_assessment.appeal_decide"
    AGE_ASSESSMENT_DECIDE = "age_assessment.decide"
    AGE_ASSESSMENT_LIST = "age_assessment.list"
    AGE_ASSESSMENT_NOTICE = "age_assessment.notice"
    AGE_ASSESSMENT_READ = "age_assessment.read"
    AGE_ASSESSMENT_READ_FOR_UPDATE = "age_assessment.read_for_update"
    AGE_ASSESSMENT_REQUEST = "age_assessment.request"
    AGE_ASSESSMENT_STEP = "age_assessment.step"
    AGE_ASSESSMENT_WITHDRAW = "age_assessment.withdraw"

    APPROVAL_DECIDE = "approval.decide"
    APPROVAL_REQUEST = "approval.request"

    AUDIT_READ = "audit.read"

    BEST_INTERESTS_ASSESSMENT_DECIDE = "best_interests_assessment.decide"
    BEST_INTERESTS_ASSESSMENT_LIST = "best_interests_assessment.list"
    BEST_INTERESTS_ASSESSMENT_OPEN = "best_interests_assessment.open"
    BEST_INTERESTS_ASSESSMENT_READ = "best_interests_assessment.read"
    BEST_INTERESTS_ASSESSMENT_READ_FOR_UPDATE = "best_interests_assessment.read_for_update"
    BEST_INTERESTS_ASSESSMENT_SUBMIT = "best_interests_assessment.submit"
    BEST_INTERESTS_ASSESSMENT_VERSION = "best_interests_assessment.version"
    BEST_INTERESTS_DETERMINATION_LIST = "best_interests_determination.list"
    BEST_INTERESTS_DETERMINATION_READ = "best_interests_determination.read"
    BEST_INTERESTS_DETERMINATION_RECORD = "best_interests_determination.record"

    AUTH_SECOND_FACTOR = "auth.second_factor"
    AUTH_TOKEN_ISSUE = "auth.token_issue"  # noqa: S105  # an action, not a secret
    AUTH_TOKEN_REVOKE = "auth.token_revoke"  # noqa: S105  # an action, not a secret

    CASE_CLOSURE_DECIDE = "case.closure_decide"
    CASE_CLOSURE_REQUEST = "case.closure_request"
    CASE_CREATE = "case.create"
    CASE_FOUND = "case.found"
    CASE_LIST = "case.list"
    CASE_MOVE = "case.move"
    CASE_MISSING = "case.missing"
    CASE_NOTE_ADD = "case.note_add"
    CASE_READ = "case.read"
    CASE_READ_FOR_UPDATE = "case.read_for_update"
    CASE_TRANSITION = "case.transition"
    CASE_UPDATE = "case.update"

    CHILD_AGE_RECORD = "child.age_record"
    CHILD_BREAK_GLASS = "child.break_glass"
    CHILD_BREAK_GLASS_AGREEMENT = "child.break_glass_agreement"
    CHILD_BREAK_GLASS_AGREEMENT_END = "child.break_glass_agreement_end"
    CHILD_CREATE = "child.create"
    CHILD_GRANT = "child.grant"
    CHILD_GRANT_END = "child.grant_end"
    CHILD_LIST = "child.list"
    CHILD_MERGE = "child.merge"
    CHILD_MERGE_UNDO = "child.merge_undo"
    CHILD_READ = "child.read"
    CHILD_READ_FOR_BREAK_GLASS = "child.read_for_break_glass"
    CHILD_READ_FOR_CASE = "child.read_for_case"
    CHILD_READ_FOR_UPDATE = "child.read_for_update"
    CHILD_READ_TRACKS = "child.read_tracks"
    CHILD_READ_FOR_SHEET = "child.read_for_sheet"
    CHILD_UPDATE = "child.update"

    CHILD_INFORMATION_LIST = "child_information.list"
    CHILD_INFORMATION_RECORD = "child_information.record"

    CONFERENCE_ACTION_DONE = "conference.action_done"
    CONFERENCE_RECORD = "conference.record"

    DEADLINE_CLOSE = "deadline.close"
    DEADLINE_ESCALATE = "deadline.escalate"
    DEADLINE_LIST = "deadline.list"
    DEADLINE_READ = "deadline.read"
    DEADLINE_READ_FOR_UPDATE = "deadline.read_for_update"
    DEADLINE_RULE_SET = "deadline.rule_set"

    DEPARTURE_DECIDE = "departure.decide"
    DEPARTURE_LIST = "departure.list"

    DUPLICATE_BATCH = "duplicate.batch"
    DUPLICATE_FOUND = "duplicate.found"
    DUPLICATE_LIST = "duplicate.list"
    DUPLICATE_READ = "duplicate.read"
    DUPLICATE_READ_FOR_UPDATE = "duplicate.read_for_update"
    DUPLICATE_REJECT = "duplicate.reject"

    CHILD_DATA_EXPORT = "child.data_export"
    CHILD_EXPORT_HTCDS = "child.export_htcds"
    DATA_CONSENT_LIST = "data_consent.list"
    DATA_CONSENT_READ = "data_consent.read"
    DATA_CONSENT_RECORD = "data_consent.record"
    DATA_CONSENT_WITHDRAW = "data_consent.withdraw"
    KEK_ROTATE = "key.rotate"
    RETENTION_ERASE = "retention.erase"
    RETENTION_HOLD = "retention.hold"
    RETENTION_HOLD_LIFT = "retention.hold_lift"
    RETENTION_RULE_SET = "retention.rule_set"
    INTERVIEW_CANCEL = "interview.cancel"
    INTERVIEW_HELD = "interview.held"
    INTERVIEW_LIST = "interview.list"
    INTERVIEW_PLAN = "interview.plan"
    INTERVIEW_READ = "interview.read"
    INTERVIEW_READ_FOR_UPDATE = "interview.read_for_update"
    INTERVIEW_REPEAT_APPROVE = "interview.repeat_approve"
    EXCHANGE_MATCH_ANSWER = "exchange_match.answer"
    EXCHANGE_MATCH_CONFIRM = "exchange_match.confirm"
    EXCHANGE_MATCH_UPDATE = "exchange_match.update"
    EXCHANGE_MESSAGE_DELIVER = "exchange_message.deliver"
    EXCHANGE_MESSAGE_DUPLICATE = "exchange_message.duplicate"
    EXCHANGE_MESSAGE_LIST = "exchange_message.list"
    EXCHANGE_MESSAGE_READ = "exchange_message.read"
    EXCHANGE_MESSAGE_RECEIVE = "exchange_message.receive"
    EXCHANGE_MESSAGE_REFUSE = "exchange_message.refuse"
    EXCHANGE_MESSAGE_SEND = "exchange_message.send"
    EXCHANGE_MESSAGE_UNANSWERED = "exchange_message.unanswered"
    EXCHANGE_PEER_ADD = "exchange_peer.add"
    EXCHANGE_PEER_LIST = "exchange_peer.list"
    EXCHANGE_QUERY_LIST = "exchange_query.list"
    EXCHANGE_QUERY_READ = "exchange_query.read"

    GUARDIAN_APPOINT = "guardian.appoint"
    GUARDIAN_END = "guardian.end"
    GUARDIAN_HANDOVER = "guardian.handover"

    IDENTIFICATION_DECISION_LIST = "identification_decision.list"
    IDENTIFICATION_DECISION_RECORD = "identification_decision.record"
    IDENTIFICATION_READ = "identification.read"
    IDENTIFICATION_RULE_SET = "identification.rule_set"

    LEGAL_TASK_DONE = "legal_task.done"
    LEGAL_TASK_LIST = "legal_task.list"
    LEGAL_TASK_OPEN = "legal_task.open"
    LEGAL_TASK_READ_FOR_UPDATE = "legal_task.read_for_update"

    MERGE_READ = "merge.read"
    MERGE_READ_FOR_UPDATE = "merge.read_for_update"

    PERMIT_CREATE = "permit.create"
    PERMIT_LIST = "permit.list"
    PERMIT_READ = "permit.read"

    PLAN_ACTION_DONE = "plan.action_done"
    PLAN_DECIDE = "plan.decide"
    PLAN_READ = "plan.read"
    PLAN_READ_FOR_UPDATE = "plan.read_for_update"
    PLAN_REVIEW_RECORD = "plan.review_record"
    PLAN_SUBMIT = "plan.submit"
    PLAN_WRITE = "plan.write"

    PROCEEDING_CREATE = "proceeding.create"
    PROCEEDING_LIST = "proceeding.list"
    PROCEEDING_READ = "proceeding.read"
    PROCEEDING_READ_FOR_UPDATE = "proceeding.read_for_update"
    PROCEEDING_UPDATE = "proceeding.update"

    MISSING_EPISODE_ACTION = "missing_episode.action"
    MISSING_EPISODE_ALERT_PDF = "missing_episode.alert_pdf"
    MISSING_EPISODE_ALERT_PAGE = "missing_episode.alert_page"
    MISSING_EPISODE_ALERTS = "missing_episode.alerts"
    MISSING_EPISODE_CLOSE = "missing_episode.close"
    MISSING_EPISODE_FOUND = "missing_episode.found"
    MISSING_EPISODE_INTERVIEW = "missing_episode.interview"
    MISSING_EPISODE_LIST = "missing_episode.list"
    MISSING_EPISODE_PHOTO = "missing_episode.photo"
    MISSING_EPISODE_PHOTO_READ = "missing_episode.photo_read"
    MISSING_EPISODE_POLICE = "missing_episode.police"
    MISSING_EPISODE_READ = "missing_episode.read"
    MISSING_EPISODE_READ_FOR_UPDATE = "missing_episode.read_for_update"
    MISSING_EPISODE_REPORT = "missing_episode.report"
    MISSING_EPISODE_SIGHTING = "missing_episode.sighting"

    PLACEMENT_END = "placement.end"
    PLACEMENT_LIST = "placement.list"
    PLACEMENT_READ = "placement.read"
    PLACEMENT_READ_FOR_UPDATE = "placement.read_for_update"
    PLACEMENT_START = "placement.start"
    PLACEMENT_VETTING = "placement.vetting"
    PLACEMENT_VISIT = "placement.visit"

    PRIVACY_DATASET_CREATE = "privacy_dataset.create"
    PRIVACY_RELEASE = "privacy_dataset.release"

    RECORDING_CREATE = "recording.create"
    RECORDING_DOWNLOAD = "recording.download"
    RECORDING_EXPORT = "recording.export"
    RECORDING_INGEST = "recording.ingest"
    RECORDING_LIST = "recording.list"
    RECORDING_READ = "recording.read"
    RECORDING_READ_FOR_UPDATE = "recording.read_for_update"
    RECORDING_VIEW = "recording.view"

    REFERRAL_CREATE = "referral.create"
    REFERRAL_LIST = "referral.list"
    REFERRAL_READ = "referral.read"
    REFERRAL_READ_FOR_UPDATE = "referral.read_for_update"
    REFERRAL_TRANSITION = "referral.transition"

    REPORT_CLOSE = "report.close"
    REPORT_CONVERT = "report.convert"
    REPORT_CREATE = "report.create"
    REPORT_DECIDE = "report.decide"
    REPORT_LIST = "report.list"
    REPORT_READ = "report.read"
    REPORT_READ_FOR_UPDATE = "report.read_for_update"
    REPORT_REOPEN = "report.reopen"
    REPORT_SCREEN = "report.screen"
    REPORT_TRIAGE = "report.triage"
    REPORT_UPDATE = "report.update"

    SERVICE_CREATE = "service.create"
    SERVICE_UPDATE = "service.update"

    SOLUTION_ASSESSMENT_LIST = "solution_assessment.list"
    SOLUTION_ASSESSMENT_RECORD = "solution_assessment.record"
    SOLUTION_PLAN_ADOPT = "solution_plan.adopt"
    SOLUTION_PLAN_CLOSE = "solution_plan.close"
    SOLUTION_PLAN_CREATE = "solution_plan.create"
    SOLUTION_PLAN_LIST = "solution_plan.list"
    SOLUTION_PLAN_READ = "solution_plan.read"
    SOLUTION_PLAN_READ_FOR_UPDATE = "solution_plan.read_for_update"
    SOLUTION_STEP_ADD = "solution_plan.step_add"
    SOLUTION_STEP_COMPLETE = "solution_plan.step_complete"
    SOLUTION_STEP_READ = "solution_step.read"
    SOLUTION_STEP_READ_FOR_UPDATE = "solution_step.read_for_update"

    TEAM_DUTY = "team.duty"

    TRACING_MATCH_CONFIRMED = "tracing_match.confirmed"
    TRACING_MATCH_FOUND = "tracing_match.found"
    TRACING_MATCH_LIST = "tracing_match.list"
    TRACING_MATCH_READ = "tracing_match.read"
    TRACING_MATCH_READ_FOR_UPDATE = "tracing_match.read_for_update"
    TRACING_MATCH_REJECTED = "tracing_match.rejected"
    TRACING_MATCH_WITHDRAW = "tracing_match.withdraw"

    TRACING_PPRL_ANSWER = "tracing_pprl.answer"
    TRACING_PPRL_CONFIRM = "tracing_pprl.confirm"
    TRACING_PPRL_DISCLOSE = "tracing_pprl.disclose"

    TRACING_REQUEST_CLOSE = "tracing_request.close"
    TRACING_REQUEST_CREATE = "tracing_request.create"
    TRACING_REQUEST_LIST = "tracing_request.list"
    TRACING_REQUEST_READ = "tracing_request.read"
    TRACING_REQUEST_READ_FOR_UPDATE = "tracing_request.read_for_update"
    TRACING_REQUEST_SEARCH = "tracing_request.search"
    TRACING_REQUEST_UPDATE = "tracing_request.update"

    TRACING_STEP_RECORD = "tracing_step.record"

    TRACK_LIST = "track.list"

    TRANSFER_ACCEPT = "transfer.accept"
    TRANSFER_CREATE = "transfer.create"
    TRANSFER_LIST = "transfer.list"
    TRANSFER_READ = "transfer.read"
    TRANSFER_READ_FOR_UPDATE = "transfer.read_for_update"
    TRANSFER_REFUSE = "transfer.refuse"
    TRANSFER_WITHDRAW = "transfer.withdraw"

    USER_DEACTIVATE = "user.deactivate"
    USER_PASSWORD_SET = "user.password_set"  # noqa: S105  # an action, not a secret
    USER_READ = "user.read"
    USER_READ_FOR_UPDATE = "user.read_for_update"

    STATS_EXPORT_DOWNLOAD = "stats.export_download"
    STATS_EXPORT_REQUEST = "stats.export_request"
    STATS_EXPORT_WRITE = "stats.export_write"
    STATS_FACTS_REFRESH = "stats.facts_refresh"
    STATS_VIEW = "stats.view"


# What each action reads as on a page, in the reader's language: the audit log and the lists of
# who accessed a record never show the stored value.
AUDIT_ACTION_LABELS: dict[AuditAction, Any] = {
    AuditAction.ACCESS_REFUSED: _("Access refused"),
    AuditAction.ACTION_READ: _("Case plan action viewed"),
    AuditAction.ACTION_READ_FOR_UPDATE: _("Case plan action opened for changes"),
    AuditAction.AGE_ASSESSMENT_APPEAL: _("Age assessment appealed"),
    AuditAction.AGE_ASSESSMENT_APPEAL_DECIDE: _("Appeal against an age assessment decided"),
    AuditAction.AGE_ASSESSMENT_DECIDE: _("Age assessment decided"),
    AuditAction.AGE_ASSESSMENT_LIST: _("Age assessments listed"),
    AuditAction.AGE_ASSESSMENT_NOTICE: _("Age assessment decision notified"),
    AuditAction.AGE_ASSESSMENT_READ: _("Age assessment viewed"),
    AuditAction.AGE_ASSESSMENT_READ_FOR_UPDATE: _("Age assessment opened for changes"),
    AuditAction.AGE_ASSESSMENT_REQUEST: _("Age assessment requested"),
    AuditAction.AGE_ASSESSMENT_STEP: _("Age assessment step recorded"),
    AuditAction.AGE_ASSESSMENT_WITHDRAW: _("Age assessment withdrawn"),
    AuditAction.APPROVAL_DECIDE: _("Approval decided"),
    AuditAction.APPROVAL_REQUEST: _("Approval requested"),
    AuditAction.AUDIT_READ: _("Audit log read"),
    AuditAction.BEST_INTERESTS_ASSESSMENT_DECIDE: _("Best-interests assessment decided"),
    AuditAction.BEST_INTERESTS_ASSESSMENT_LIST: _("Best-interests assessments listed"),
    AuditAction.BEST_INTERESTS_ASSESSMENT_OPEN: _("Best-interests assessment opened"),
    AuditAction.BEST_INTERESTS_ASSESSMENT_READ: _("Best-interests assessment viewed"),
    AuditAction.BEST_INTERESTS_ASSESSMENT_READ_FOR_UPDATE: _(
        "Best-interests assessment opened for changes"
    ),
    AuditAction.BEST_INTERESTS_ASSESSMENT_SUBMIT: _("Best-interests assessment submitted"),
    AuditAction.BEST_INTERESTS_ASSESSMENT_VERSION: _("Best-interests assessment version recorded"),
    AuditAction.BEST_INTERESTS_DETERMINATION_LIST: _("Best-interests determinations listed"),
    AuditAction.BEST_INTERESTS_DETERMINATION_READ: _("Best-interests determination viewed"),
    AuditAction.BEST_INTERESTS_DETERMINATION_RECORD: _("Best-interests determination recorded"),
    AuditAction.AUTH_SECOND_FACTOR: _("Signed in with a second factor"),
    AuditAction.AUTH_TOKEN_ISSUE: _("API token issued"),
    AuditAction.AUTH_TOKEN_REVOKE: _("API token revoked"),
    AuditAction.CASE_CREATE: _("Case created"),
    AuditAction.CASE_FOUND: _("Case marked found"),
    AuditAction.CASE_LIST: _("Cases listed"),
    AuditAction.CASE_MISSING: _("Case marked missing"),
    AuditAction.CASE_NOTE_ADD: _("Case note added"),
    AuditAction.CASE_READ: _("Case viewed"),
    AuditAction.CASE_READ_FOR_UPDATE: _("Case opened for changes"),
    AuditAction.CASE_TRANSITION: _("Case status changed"),
    AuditAction.CASE_UPDATE: _("Case changed"),
    AuditAction.CHILD_AGE_RECORD: _("Child's age recorded"),
    AuditAction.CHILD_BREAK_GLASS: _("Emergency access to a child's record"),
    AuditAction.CHILD_BREAK_GLASS_AGREEMENT: _("Emergency access agreement made"),
    AuditAction.CHILD_BREAK_GLASS_AGREEMENT_END: _("Emergency access agreement ended"),
    AuditAction.CHILD_CREATE: _("Child's record created"),
    AuditAction.CHILD_GRANT: _("Access to a child's record granted"),
    AuditAction.CHILD_GRANT_END: _("Access to a child's record ended"),
    AuditAction.CHILD_LIST: _("Children listed"),
    AuditAction.CHILD_MERGE: _("Children's records merged"),
    AuditAction.CHILD_MERGE_UNDO: _("Merge of records undone"),
    AuditAction.CHILD_READ: _("Child's record viewed"),
    AuditAction.CHILD_READ_FOR_BREAK_GLASS: _("Child's record viewed with emergency access"),
    AuditAction.CHILD_READ_FOR_CASE: _("Child's record viewed for a case"),
    AuditAction.CHILD_READ_FOR_UPDATE: _("Child's record opened for changes"),
    AuditAction.CHILD_READ_TRACKS: _("Child's record tracks viewed"),
    AuditAction.CHILD_READ_FOR_SHEET: _("Decision sheet for the child opened for printing"),
    AuditAction.CHILD_UPDATE: _("Child's record changed"),
    AuditAction.CHILD_INFORMATION_LIST: _("Information given to the child listed"),
    AuditAction.CHILD_INFORMATION_RECORD: _("Information given to the child recorded"),
    AuditAction.CONFERENCE_ACTION_DONE: _("Case conference action done"),
    AuditAction.CONFERENCE_RECORD: _("Case conference recorded"),
    AuditAction.DEADLINE_CLOSE: _("Deadline closed"),
    AuditAction.DEADLINE_ESCALATE: _("Deadline escalated"),
    AuditAction.DEADLINE_LIST: _("Deadlines listed"),
    AuditAction.DEADLINE_READ: _("Deadline viewed"),
    AuditAction.DEADLINE_READ_FOR_UPDATE: _("Deadline opened for changes"),
    AuditAction.DEADLINE_RULE_SET: _("Deadline rule set"),
    AuditAction.DEPARTURE_DECIDE: _("Departure decided"),
    AuditAction.DEPARTURE_LIST: _("Departures listed"),
    AuditAction.DUPLICATE_BATCH: _("Duplicates searched for"),
    AuditAction.DUPLICATE_FOUND: _("Possible duplicate found"),
    AuditAction.DUPLICATE_LIST: _("Possible duplicates listed"),
    AuditAction.DUPLICATE_READ: _("Possible duplicate viewed"),
    AuditAction.DUPLICATE_READ_FOR_UPDATE: _("Possible duplicate opened for changes"),
    AuditAction.DUPLICATE_REJECT: _("Not a duplicate"),
    AuditAction.CHILD_DATA_EXPORT: _("Everything held about a child exported"),
    AuditAction.CHILD_EXPORT_HTCDS: _("Child's case exported in HTCDS"),
    AuditAction.DATA_CONSENT_LIST: _("Consents to data processing listed"),
    AuditAction.DATA_CONSENT_READ: _("Consent to data processing viewed"),
    AuditAction.DATA_CONSENT_RECORD: _("Consent to data processing recorded"),
    AuditAction.DATA_CONSENT_WITHDRAW: _("Consent to data processing withdrawn"),
    AuditAction.KEK_ROTATE: _("Encryption key rotated"),
    AuditAction.RETENTION_ERASE: _("Record erased at the end of its retention"),
    AuditAction.RETENTION_HOLD: _("Record held from erasure"),
    AuditAction.RETENTION_HOLD_LIFT: _("Hold on erasure lifted"),
    AuditAction.RETENTION_RULE_SET: _("Retention rule set"),
    AuditAction.INTERVIEW_CANCEL: _("Interview cancelled"),
    AuditAction.INTERVIEW_HELD: _("Interview held"),
    AuditAction.INTERVIEW_LIST: _("Interviews listed"),
    AuditAction.INTERVIEW_PLAN: _("Interview planned"),
    AuditAction.INTERVIEW_READ: _("Interview viewed"),
    AuditAction.INTERVIEW_READ_FOR_UPDATE: _("Interview opened for changes"),
    AuditAction.INTERVIEW_REPEAT_APPROVE: _("Repeat interview approved"),
    AuditAction.EXCHANGE_MATCH_ANSWER: _("Cross-border match answered"),
    AuditAction.EXCHANGE_MATCH_CONFIRM: _("Cross-border match confirmed"),
    AuditAction.EXCHANGE_MATCH_UPDATE: _("Cross-border match changed"),
    AuditAction.EXCHANGE_MESSAGE_DELIVER: _("Cross-border message delivered"),
    AuditAction.EXCHANGE_MESSAGE_DUPLICATE: _("Cross-border message received twice"),
    AuditAction.EXCHANGE_MESSAGE_LIST: _("Cross-border messages listed"),
    AuditAction.EXCHANGE_MESSAGE_READ: _("Cross-border message viewed"),
    AuditAction.EXCHANGE_MESSAGE_RECEIVE: _("Cross-border message received"),
    AuditAction.EXCHANGE_MESSAGE_REFUSE: _("Cross-border message refused"),
    AuditAction.EXCHANGE_MESSAGE_SEND: _("Cross-border message sent"),
    AuditAction.EXCHANGE_MESSAGE_UNANSWERED: _("Cross-border message unanswered"),
    AuditAction.EXCHANGE_PEER_ADD: _("Exchange partner added"),
    AuditAction.EXCHANGE_PEER_LIST: _("Exchange partners listed"),
    AuditAction.EXCHANGE_QUERY_LIST: _("Cross-border queries listed"),
    AuditAction.EXCHANGE_QUERY_READ: _("Cross-border query viewed"),
    AuditAction.GUARDIAN_APPOINT: _("Guardian appointed"),
    AuditAction.GUARDIAN_END: _("Guardianship ended"),
    AuditAction.GUARDIAN_HANDOVER: _("Guardian handed over"),
    AuditAction.IDENTIFICATION_DECISION_LIST: _("Identification decisions listed"),
    AuditAction.IDENTIFICATION_DECISION_RECORD: _("Identification decision recorded"),
    AuditAction.IDENTIFICATION_READ: _("Identification viewed"),
    AuditAction.IDENTIFICATION_RULE_SET: _("Identification rule set"),
    AuditAction.LEGAL_TASK_DONE: _("Legal task done"),
    AuditAction.LEGAL_TASK_LIST: _("Legal tasks listed"),
    AuditAction.LEGAL_TASK_OPEN: _("Legal task opened"),
    AuditAction.LEGAL_TASK_READ_FOR_UPDATE: _("Legal task opened for changes"),
    AuditAction.MERGE_READ: _("Merge of records viewed"),
    AuditAction.MERGE_READ_FOR_UPDATE: _("Merge of records opened for changes"),
    AuditAction.PERMIT_CREATE: _("Residence permit created"),
    AuditAction.PERMIT_LIST: _("Residence permits listed"),
    AuditAction.PERMIT_READ: _("Residence permit viewed"),
    AuditAction.PROCEEDING_CREATE: _("Legal proceeding created"),
    AuditAction.PROCEEDING_LIST: _("Legal proceedings listed"),
    AuditAction.PROCEEDING_READ: _("Legal proceeding viewed"),
    AuditAction.PROCEEDING_READ_FOR_UPDATE: _("Legal proceeding opened for changes"),
    AuditAction.PROCEEDING_UPDATE: _("Legal proceeding changed"),
    AuditAction.MISSING_EPISODE_ACTION: _("Action in a missing episode logged"),
    AuditAction.MISSING_EPISODE_ALERT_PDF: _("Missing child alert printed"),
    AuditAction.MISSING_EPISODE_ALERT_PAGE: _("Missing child alert page opened for printing"),
    AuditAction.MISSING_EPISODE_ALERTS: _("Missing child alerts listed"),
    AuditAction.MISSING_EPISODE_CLOSE: _("Missing episode closed"),
    AuditAction.MISSING_EPISODE_FOUND: _("Missing child found"),
    AuditAction.MISSING_EPISODE_INTERVIEW: _("Return interview recorded"),
    AuditAction.MISSING_EPISODE_LIST: _("Missing episodes listed"),
    AuditAction.MISSING_EPISODE_PHOTO: _("Photo of a missing child added"),
    AuditAction.MISSING_EPISODE_PHOTO_READ: _("Photo of a missing child viewed"),
    AuditAction.MISSING_EPISODE_POLICE: _("Missing child reported to the police"),
    AuditAction.MISSING_EPISODE_READ: _("Missing episode viewed"),
    AuditAction.MISSING_EPISODE_READ_FOR_UPDATE: _("Missing episode opened for changes"),
    AuditAction.MISSING_EPISODE_REPORT: _("Child reported missing"),
    AuditAction.MISSING_EPISODE_SIGHTING: _("Sighting of a missing child recorded"),
    AuditAction.PLACEMENT_END: _("Placement ended"),
    AuditAction.PLACEMENT_LIST: _("Placements listed"),
    AuditAction.PLACEMENT_READ: _("Placement viewed"),
    AuditAction.PLACEMENT_READ_FOR_UPDATE: _("Placement opened for changes"),
    AuditAction.PLACEMENT_START: _("Placement started"),
    AuditAction.PLACEMENT_VETTING: _("Placement vetting recorded"),
    AuditAction.PLACEMENT_VISIT: _("Placement visit recorded"),
    AuditAction.PRIVACY_DATASET_CREATE: _("Protected dataset created"),
    AuditAction.PRIVACY_RELEASE: _("Figures released with differential privacy"),
    AuditAction.RECORDING_CREATE: _("Interview recording created"),
    AuditAction.RECORDING_DOWNLOAD: _("Interview recording downloaded"),
    AuditAction.RECORDING_EXPORT: _("Interview recording exported"),
    AuditAction.RECORDING_INGEST: _("Interview recording stored"),
    AuditAction.RECORDING_LIST: _("Interview recordings listed"),
    AuditAction.RECORDING_READ: _("Interview recording viewed"),
    AuditAction.RECORDING_READ_FOR_UPDATE: _("Interview recording opened for changes"),
    AuditAction.RECORDING_VIEW: _("Interview recording watched"),
    AuditAction.REFERRAL_CREATE: _("Referral created"),
    AuditAction.REFERRAL_LIST: _("Referrals listed"),
    AuditAction.REFERRAL_READ: _("Referral viewed"),
    AuditAction.REFERRAL_READ_FOR_UPDATE: _("Referral opened for changes"),
    AuditAction.REFERRAL_TRANSITION: _("Referral status changed"),
    AuditAction.REPORT_CLOSE: _("Report closed"),
    AuditAction.REPORT_CONVERT: _("Report converted to a case"),
    AuditAction.REPORT_CREATE: _("Report created"),
    AuditAction.REPORT_DECIDE: _("Identification decision on a report recorded"),
    AuditAction.REPORT_LIST: _("Reports listed"),
    AuditAction.REPORT_READ: _("Report viewed"),
    AuditAction.REPORT_READ_FOR_UPDATE: _("Report opened for changes"),
    AuditAction.REPORT_REOPEN: _("Report reopened"),
    AuditAction.REPORT_SCREEN: _("Report screened"),
    AuditAction.REPORT_TRIAGE: _("Report triaged"),
    AuditAction.REPORT_UPDATE: _("Report changed"),
    AuditAction.SERVICE_CREATE: _("Service created"),
    AuditAction.SERVICE_UPDATE: _("Service changed"),
    AuditAction.SOLUTION_ASSESSMENT_LIST: _("Durable-solution assessments listed"),
    AuditAction.SOLUTION_ASSESSMENT_RECORD: _("Durable-solution assessment recorded"),
    AuditAction.SOLUTION_PLAN_ADOPT: _("Durable-solution plan adopted"),
    AuditAction.SOLUTION_PLAN_CLOSE: _("Durable-solution plan closed"),
    AuditAction.SOLUTION_PLAN_CREATE: _("Durable-solution plan created"),
    AuditAction.SOLUTION_PLAN_LIST: _("Durable-solution plans listed"),
    AuditAction.SOLUTION_PLAN_READ: _("Durable-solution plan viewed"),
    AuditAction.SOLUTION_PLAN_READ_FOR_UPDATE: _("Durable-solution plan opened for changes"),
    AuditAction.SOLUTION_STEP_ADD: _("Step added to a durable-solution plan"),
    AuditAction.SOLUTION_STEP_COMPLETE: _("Step of a durable-solution plan completed"),
    AuditAction.SOLUTION_STEP_READ: _("Durable-solution step viewed"),
    AuditAction.SOLUTION_STEP_READ_FOR_UPDATE: _("Durable-solution step opened for changes"),
    AuditAction.TEAM_DUTY: _("Team on duty set"),
    AuditAction.TRACING_MATCH_CONFIRMED: _("Tracing match confirmed"),
    AuditAction.TRACING_MATCH_FOUND: _("Tracing match found"),
    AuditAction.TRACING_MATCH_LIST: _("Tracing matches listed"),
    AuditAction.TRACING_MATCH_READ: _("Tracing match viewed"),
    AuditAction.TRACING_MATCH_READ_FOR_UPDATE: _("Tracing match opened for changes"),
    AuditAction.TRACING_MATCH_REJECTED: _("Tracing match rejected"),
    AuditAction.TRACING_MATCH_WITHDRAW: _("Tracing match withdrawn"),
    AuditAction.TRACING_PPRL_ANSWER: _("Privacy-preserving tracing query answered"),
    AuditAction.TRACING_PPRL_CONFIRM: _("Privacy-preserving tracing match confirmed"),
    AuditAction.TRACING_PPRL_DISCLOSE: _("Privacy-preserving tracing match disclosed"),
    AuditAction.TRACING_REQUEST_CLOSE: _("Tracing request closed"),
    AuditAction.TRACING_REQUEST_CREATE: _("Tracing request created"),
    AuditAction.TRACING_REQUEST_LIST: _("Tracing requests listed"),
    AuditAction.TRACING_REQUEST_READ: _("Tracing request viewed"),
    AuditAction.TRACING_REQUEST_READ_FOR_UPDATE: _("Tracing request opened for changes"),
    AuditAction.TRACING_REQUEST_SEARCH: _("Tracing request searched"),
    AuditAction.TRACING_REQUEST_UPDATE: _("Tracing request changed"),
    AuditAction.TRACING_STEP_RECORD: _("Tracing step recorded"),
    AuditAction.TRACK_LIST: _("Tracks of a record listed"),
    AuditAction.USER_DEACTIVATE: _("User deactivated"),
    AuditAction.USER_PASSWORD_SET: _("Password set"),
    AuditAction.USER_READ: _("User viewed"),
    AuditAction.USER_READ_FOR_UPDATE: _("User opened for changes"),
    AuditAction.STATS_EXPORT_DOWNLOAD: _("Statistics export downloaded"),
    AuditAction.STATS_EXPORT_REQUEST: _("Statistics export requested"),
    AuditAction.STATS_EXPORT_WRITE: _("Statistics export written"),
    AuditAction.STATS_FACTS_REFRESH: _("Statistics refreshed"),
    AuditAction.STATS_VIEW: _("Statistics viewed"),
    AuditAction.CASE_CLOSURE_REQUEST: _("Closure of a case asked for"),
    AuditAction.CASE_CLOSURE_DECIDE: _("Closure of a case decided"),
    AuditAction.CASE_MOVE: _("Case moved to another agency"),
    AuditAction.PLAN_ACTION_DONE: _("Case-plan action marked done"),
    AuditAction.PLAN_DECIDE: _("Case plan decided"),
    AuditAction.PLAN_READ: _("Case plan viewed"),
    AuditAction.PLAN_READ_FOR_UPDATE: _("Case plan opened for changes"),
    AuditAction.PLAN_REVIEW_RECORD: _("Case-plan review recorded"),
    AuditAction.PLAN_SUBMIT: _("Case plan submitted for approval"),
    AuditAction.PLAN_WRITE: _("Case plan changed"),
    AuditAction.TRANSFER_ACCEPT: _("Transfer accepted"),
    AuditAction.TRANSFER_CREATE: _("Transfer of a case offered"),
    AuditAction.TRANSFER_LIST: _("Transfers listed"),
    AuditAction.TRANSFER_READ: _("Transfer viewed"),
    AuditAction.TRANSFER_READ_FOR_UPDATE: _("Transfer opened for an answer"),
    AuditAction.TRANSFER_REFUSE: _("Transfer refused"),
    AuditAction.TRANSFER_WITHDRAW: _("Transfer withdrawn"),
}


def audit_action_label(value: str) -> str:
    """An action's label in the reader's language; a value no longer listed reads as itself."""
    try:
        return str(AUDIT_ACTION_LABELS[AuditAction(value)])
    except ValueError:
        return value


def audit_action_choices() -> list[tuple[str, str]]:
    """Every action with its label, sorted by label in the reader's language."""
    labelled = [(action.value, str(label)) for action, label in AUDIT_ACTION_LABELS.items()]
    return sorted(labelled, key=lambda item: item[1].casefold())
