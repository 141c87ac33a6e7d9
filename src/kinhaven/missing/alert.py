"""The printable missing-child alert (PDF, reportlab): only what an alert needs. The alert's id,
the child's first name, age or year of birth and sex, the photo where consent was given, the
description and clothing, where and when last seen, the agency to call, and when the alert
expires. Nothing else of the file goes into it."""

from __future__ import annotations

import datetime as dt
import io
import textwrap

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from kinhaven.children.age import child_age_years
from kinhaven.core.templatetags.dates import local_date, local_datetime
from kinhaven.missing.enums import PhotoConsent
from kinhaven.missing.models import Episode
from kinhaven.missing.photos import photo_read


def alert_expiry(episode: Episode) -> dt.date:
    """The alert's expiry: the report plus the policy period (KINHAVEN_MISSING_ALERT_DAYS)."""
    days = int(settings.KINHAVEN_MISSING_ALERT_DAYS)
    return timezone.localtime(episode.reported_at).date() + dt.timedelta(days=days)


def alert_fields(episode: Episode) -> list[tuple[str, str]]:
    """The alert's lines, label and value: the only data the PDF holds."""
    child = episode.child
    age = child_age_years(child)
    if age is not None:
        age_line = ngettext("%(n)d year", "%(n)d years", age) % {"n": age}
    elif child.birth_year:
        age_line = _("born %(year)d") % {"year": child.birth_year}
    else:
        age_line = _("Unknown")
    when = local_datetime(episode.last_seen_at)
    return [
        (_("Alert"), str(episode.public_id)),
        (_("First name"), child.given_name or child.given_name_latin or _("Unknown")),
        (_("Age"), age_line),
        (_("Sex"), str(child.get_sex_display())),
        (_("Description and clothing"), episode.description),
        (_("Last seen"), f"{when} · {episode.last_seen_place}"),
        (_("If you see this child, call"), child.agency.name),
        (_("This alert expires on"), local_date(alert_expiry(episode))),
    ]


def alert_photo_shown(episode: Episode) -> bool:
    """The photo goes on the alert only where consent to it was given."""
    return bool(episode.has_photo and episode.photo_consent == PhotoConsent.GIVEN)


def alert_pdf(episode: Episode) -> bytes:
    """Draw the alert on one A4 page. The page is not compressed, so that its text can be
    checked."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=0)
    pdf.setTitle(_("Missing child"))
    _width, height = A4
    y = height - 60
    pdf.setFont("Helvetica-Bold", 24)
    pdf.drawString(50, y, _("MISSING CHILD"))
    y -= 30
    if alert_photo_shown(episode):
        image = ImageReader(io.BytesIO(photo_read(episode.photo_name)))
        pdf.drawImage(image, 50, y - 220, width=180, height=220, preserveAspectRatio=True)
        y -= 240
    for label, value in alert_fields(episode):
        pdf.setFont("Helvetica-Bold", 11)
        pdf.drawString(50, y, label)
        y -= 15
        pdf.setFont("Helvetica", 11)
        for line in textwrap.wrap(value, 90)[:8] or [""]:
            pdf.drawString(60, y, line)
            y -= 14
        y -= 6
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
