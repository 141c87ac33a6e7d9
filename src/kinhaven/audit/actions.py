"""What an audit entry records was done: one vocabulary for every app.

The values are the strings stored in `AuditEntry.action`; the field has no database choices, so
a new action needs no migration. `audit_record` refuses any value not listed here.
"""

from __future__ import annotations

import enum


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

    CASE_CREATE = "case.create"
    CASE_FOUND = "case.found"
    CASE_LIST = "case.list"
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

    PROCEEDING_CREATE = "proceeding.create"
    PROCEEDING_LIST = "proceeding.list"
    PROCEEDING_READ = "proceeding.read"
    PROCEEDING_READ_FOR_UPDATE = "proceeding.read_for_update"
    PROCEEDING_UPDATE = "proceeding.update"

    MISSING_EPISODE_ACTION = "missing_episode.action"
    MISSING_EPISODE_ALERT_PDF = "missing_episode.alert_pdf"
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

    USER_DEACTIVATE = "user.deactivate"
    USER_PASSWORD_SET = "user.password_set"  # noqa: S105  # an action, not a secret
    USER_READ = "user.read"
    USER_READ_FOR_UPDATE = "user.read_for_update"
