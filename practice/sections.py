"""The P3 section of a village's public page: members on their posts (亮岗) and public commitments.

Public fields only: the member's name, the post and its duties, the commitment and its
deadline — never an ID number, phone or birth date. Two queries (four before the year has any).
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

from common import clock, public_pages
from common.sections import PUBLIC_VILLAGE, section
from organizations.models import Organization

from .models import Commitment, CommitmentRating, CommitmentReport, PostClaim, PracticePost
from .selectors import latest_public_year, public_commitments, public_posts


@section(
    PUBLIC_VILLAGE,
    "practice.posts_and_commitments",
    order=20,
    template="practice/public_section.html",
    anchor="practice",
    label=_("亮岗承诺"),
)
def posts_and_commitments(village: Organization) -> dict[str, Any] | None:
    """This campaign year's posts and commitments; before the year has any, the latest year that has."""
    year = clock.today().year
    posts = public_posts(village, year)
    commitments = public_commitments(village, year)
    if not posts and not commitments and (latest := latest_public_year(village, year)):
        year = latest
        posts, commitments = public_posts(village, year), public_commitments(village, year)
    if not posts and not commitments:
        return None
    return {"year": year, "posts": posts, "commitments": commitments}


# What the section shows, watched for the public page's cache (common.public_pages).
public_pages.watch(PracticePost, "village__code")
public_pages.watch(PostClaim, "post__village__code")
public_pages.watch(Commitment, "village__code")
public_pages.watch(CommitmentReport, "commitment__village__code")
public_pages.watch(CommitmentRating, "commitment__village__code")
