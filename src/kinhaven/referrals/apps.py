from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "kinhaven.referrals"
    label = "referrals"

    def ready(self) -> None:
        from kinhaven.deadlines.selectors import deadline_subject_register
        from kinhaven.referrals.selectors import referral_visibility_q

        # A referral's answer deadline is seen by whoever sees the referral.
        deadline_subject_register("referral", referral_visibility_q)
