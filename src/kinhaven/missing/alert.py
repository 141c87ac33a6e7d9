"""The printable missing-child alert (PDF, reportlab, in the reader's language): only what an
alert needs. The alert's id, the child's first name, age or year of birth and sex, the photo where
consent was given, the description and clothing, where and when last seen, the agency to call,
and when the alert expires. Nothing else of the file goes into it."""

from __future__ import annotations

import datetime as dt
import io
import re
import textwrap
from pathlib import Path

import arabic_reshaper
from bidi import get_display
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language_bidi, ngettext
from django.utils.translation import gettext as _

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


FONT_DIR = Path(__file__).resolve().parent / "fonts"
# DejaVu Sans (vendored, its licence beside it): Latin, Cyrillic, Greek and Arabic's presentation
# forms, so the alert is drawn in every staff language. Scripts it lacks (Ethiopic, Bengali) are
# printed from the alert page, which the browser draws.
REGULAR, BOLD = "KinhavenSans", "KinhavenSans-Bold"
RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def _fonts_register() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))


def visual(text: str) -> str:
    """A line as it is drawn: Arabic letters in their joined forms, and the line in display order
    (the Unicode bidirectional algorithm), since the PDF draws glyphs left to right as given."""
    if not RIGHT_TO_LEFT.search(text):
        return text
    return str(get_display(arabic_reshaper.reshape(text)))


def alert_pdf(episode: Episode) -> bytes:
    """Draw the alert on one A4 page in the reader's language, right-aligned where it reads right
    to left. The page is not compressed, so that its text can be checked."""
    # reportlab is loaded when an alert is drawn, not in every process that serves the URLs.
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    _fonts_register()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=0)
    pdf.setTitle(str(_("Missing child")))
    width, height = A4
    rtl = get_language_bidi()

    def draw(x: float, at: float, text: str) -> None:
        if rtl:
            pdf.drawRightString(width - x, at, visual(text))
        else:
            pdf.drawString(x, at, visual(text))

    y = height - 60
    pdf.setFont(BOLD, 24)
    draw(50, y, _("MISSING CHILD"))
    y -= 30
    if alert_photo_shown(episode):
        image = ImageReader(io.BytesIO(photo_read(episode.photo_name)))
        x = width - 50 - 180 if rtl else 50
        pdf.drawImage(image, x, y - 220, width=180, height=220, preserveAspectRatio=True)
        y -= 240
    for label, value in alert_fields(episode):
        pdf.setFont(BOLD, 11)
        draw(50, y, label)
        y -= 15
        pdf.setFont(REGULAR, 11)
        for line in textwrap.wrap(value, 90)[:8] or [""]:
            draw(60, y, line)
            y -= 14
        y -= 6
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
