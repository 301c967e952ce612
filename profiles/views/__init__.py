"""The area profile pages, one module a section: ``overview``, ``timeline``, ``agreement``,
``funding``, ``plan`` and ``recognition``; ``pages`` holds the two shapes they share.

Anyone with a role in the area (and sponsors and administrators) reads them; only the
area's coordinators change them; sponsors recognise innovation. People from other areas
get a 404. Every view checks access with ``partnerships.access``, validates a form, calls
one service and redirects.
"""
