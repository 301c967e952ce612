"""Signals other apps listen to, so assessments never imports them."""

from django.dispatch import Signal

# Sent after commit, once an area's stored figures have been refreshed.
# kwargs: area_round (AreaRound), reason (a ``ScoreChangeReason`` value).
area_round_scores_refreshed = Signal()
