"""Let one agency's staff use break-glass on another agency's records, or stop it:
`kinhaven break_glass_allow --holder "Agency One" --requester "Agency Two" --by admin [--revoke]`.

Off by default for every pair of agencies; the holding agency decides, an administrator records
it here, and every change is audited.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import Agency, User
from kinhaven.children.grants import break_glass_agreement_allow, break_glass_agreement_end
from kinhaven.children.models import BreakGlassAgreement
from kinhaven.core.commands import KinhavenCommand
from kinhaven.core.errors import ApplicationError


class Command(KinhavenCommand):
    help = (
        "Allow the staff of the requester agency to use break-glass on the records the holder "
        "agency holds (--revoke withdraws it; --list shows the agreements in force)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--holder", help="the name of the agency that holds the records")
        parser.add_argument("--requester", help="the name of the agency allowed to use it")
        parser.add_argument("--by", help="the username of the administrator recording it")
        parser.add_argument(
            "--revoke", action="store_true", help="withdraw the agreement and its open accesses"
        )
        parser.add_argument("--list", action="store_true", help="show the agreements in force")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            # --list records nothing: what only a change needs is refused with it.
            for option, given in (
                ("--by", options["by"] is not None),
                ("--revoke", options["revoke"]),
            ):
                if given:
                    raise CommandError(
                        _("%(option)s: not with --list, which changes nothing.")
                        % {"option": option}
                    )
            holder, requester = (
                None if options[name] is None else self._agency(options[name], f"--{name}")
                for name in ("holder", "requester")
            )
            self._list(holder=holder, requester=requester)
            return
        holder = self._agency(options["holder"], "--holder")
        requester = self._agency(options["requester"], "--requester")
        actor = self._administrator(options["by"])
        try:
            if options["revoke"]:
                break_glass_agreement_end(actor=actor, holder=holder, requester=requester)
            else:
                break_glass_agreement_allow(actor=actor, holder=holder, requester=requester)
        except ApplicationError as exc:
            # The field names the option at fault; messages carry no one's data.
            prefix = f"--{exc.field}: " if exc.field else ""
            raise CommandError(f"{prefix}{exc.message}") from None
        if options["revoke"]:
            message = _("%(requester)s may no longer use break-glass on %(holder)s's records.")
        else:
            message = _("%(requester)s may now use break-glass on %(holder)s's records.")
        self.stdout.write(message % {"requester": requester.name, "holder": holder.name})

    def _agency(self, name: str | None, option: str) -> Agency:
        if not (name or "").strip():
            raise CommandError(_("%(option)s: name the agency.") % {"option": option})
        agency = Agency.objects.filter(name=(name or "").strip()).first()
        if agency is None:
            raise CommandError(_("%(option)s: no agency has this name.") % {"option": option})
        return agency

    def _administrator(self, username: str | None) -> User:
        if not (username or "").strip():
            raise CommandError(_("--by: name the administrator who records this."))
        user = User.objects.filter(username=(username or "").strip()).select_related("role").first()
        if user is None or not user.has_capability(Capability.USER_MANAGE):
            raise CommandError(_("--by: no active administrator has this username."))
        return user

    def _list(self, *, holder: Agency | None, requester: Agency | None) -> None:
        """The agreements in force, those of the holder and of the requester where named."""
        agreements = BreakGlassAgreement.objects.filter(ended_at__isnull=True).select_related(
            "holder_agency", "requester_agency"
        )
        if holder is not None:
            agreements = agreements.filter(holder_agency=holder)
        if requester is not None:
            agreements = agreements.filter(requester_agency=requester)
        for agreement in agreements.order_by("holder_agency__name", "requester_agency__name"):
            self.stdout.write(
                _("%(holder)s allows %(requester)s since %(date)s")
                % {
                    "holder": agreement.holder_agency.name,
                    "requester": agreement.requester_agency.name,
                    "date": agreement.created_at.date().isoformat(),
                }
            )
        if agreements.exists():
            return
        if holder is None and requester is None:
            self.stdout.write(_("No agency allows break-glass to another."))
        else:
            self.stdout.write(_("No agreement in force between the agencies named."))
