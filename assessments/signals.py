"""Signals other apps listen to, so assessments never imports them."""

from django.dispatch import Signal

# Sent after commit, once an area's stored figures have been refreshed.
# kwargs: area_round (AreaRound), reason (a ``ScoreChangeReason`` value).
area_round_scores_refreshed = Signal()

# Sent after commit, once what an area round's outputs show has changed without its figures
# changing (a comment hidden or shown again). kwargs: area_round (AreaRound), reason (a
# ``ScoreChangeReason`` value).
area_round_outputs_changed = Signal()
