"""The self-assessment's pages, one module an audience or section:

- ``respondent``: the assessment itself (start, pages, review, done);
- ``invitation``: the personal invitation link;
- ``coordinator``: the round page (dates, publishing, invitations, reminders);
- ``imports``: uploading responses, and the administrators' acts on import batches;
- ``comments``: comment moderation;
- ``exports``: the administrators' raw CSV downloads.

``common`` holds what several of them share.
"""
