"""Business rules for the online self-assessment, split by concept.

- ``rounds``: opening, closing and publishing an area's round;
- ``responses``: starting, drafting page by page, submitting and changing a response;
- ``invitations``: inviting by email, the single-use sign-in link, resending, reminders;
- ``imports``: loading paper or other-tool responses from CSV (all-or-nothing);
- ``comments``: moderating comments (hiding one, undoing that), each decision recorded.
"""
