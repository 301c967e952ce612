"""The first-wave demo programme: eight pilot areas and their people.

Each area has a profile: a typical score per key variable for each sector, so the demo
shows real differences (a strong history but thin capacity; a wide council–VCS gap;
too few VCS respondents for a VCS breakdown).
"""

DEMO_PASSWORD = "partnership-demo-2026"  # noqa: S105 - published demo sign-in

# name, slug, GSS code, region, nation, council type
AREAS = [
    ("Waltham Forest", "waltham-forest", "E09000031", "London", "england", "london_borough"),
    ("Bassetlaw", "bassetlaw", "E07000171", "East Midlands", "england", "district"),
    (
        "Calderdale",
        "calderdale",
        "E08000033",
        "Yorkshire and The Humber",
        "england",
        "metropolitan_district",
    ),
    ("Cornwall", "cornwall", "E06000052", "South West", "england", "unitary"),
    ("Northumberland", "northumberland", "E06000057", "North East", "england", "unitary"),
    ("Swansea", "swansea", "W06000011", "Wales", "wales", "welsh_principal"),
    ("Kent", "kent", "E10000016", "South East", "england", "county"),
    ("Manchester", "manchester", "E08000003", "North West", "england", "metropolitan_district"),
]

ORGANISATIONS = {
    "waltham-forest": (
        ["London Borough of Waltham Forest"],
        ["Waltham Forest Community Hub", "Leyton Youth Trust", "Walthamstow Food Network"],
    ),
    "bassetlaw": (
        ["Bassetlaw District Council"],
        [
            "Bassetlaw Community and Voluntary Service",
            "Worksop Carers Centre",
            "Retford Rural Action",
        ],
    ),
    "calderdale": (
        ["Calderdale Council"],
        ["Voluntary Action Calderdale", "Halifax Refugee Welcome", "Todmorden Food Bank"],
    ),
    "cornwall": (
        ["Cornwall Council"],
        ["Cornwall Voluntary Sector Forum", "Penwith Community Transport"],
    ),
    "northumberland": (
        ["Northumberland County Council"],
        ["Northumberland CVA", "Tynedale Youth Network", "Blyth Valley Advice"],
    ),
    "swansea": (
        ["Swansea Council"],
        [
            "Swansea Council for Voluntary Service",
            "Gower Community Energy",
            "Morriston Elders Forum",
        ],
    ),
    "kent": (
        ["Kent County Council"],
        [
            "Kent Voluntary Sector Network",
            "Medway Mental Health Alliance",
            "Thanet Family Support",
        ],
    ),
    "manchester": (
        ["Manchester City Council"],
        ["Macc", "Moss Side Community Trust", "Manchester Women's Aid Partnership"],
    ),
}

CORE = ("history", "attitudes", "vcs_relationships", "capacity")

# Areas whose follow-up round has closed and been published (a rise and a fall to compare
# with the baseline); the others' follow-up is still open.
FOLLOW_UP_PUBLISHED = ("bassetlaw", "swansea")

# Typical answer (on the 1–5 scale, before noise) per dimension, for council and VCS staff;
# respondent counts per sector in the baseline; and the follow-up change (if it runs one).
# "Other" counts are 0 or at least 3: one or two would be withheld, and then the smaller
# main sector too (the subtraction rule), hiding the council-VCS comparison.
PROFILES = {
    "waltham-forest": {
        "council": {
            "history": 3.9,
            "attitudes": 4.0,
            "vcs_relationships": 3.7,
            "capacity": 3.6,
            "ambition": 3.2,
            "governance": 3.8,
        },
        "vcs": {
            "history": 3.6,
            "attitudes": 3.5,
            "vcs_relationships": 3.6,
            "capacity": 3.3,
            "ambition": 2.9,
            "governance": 3.4,
        },
        "counts": {"council": 7, "vcs": 8, "other": 3},
        "follow_up": {"delta": 0.3, "counts": {"council": 6, "vcs": 6, "other": 0}},
    },
    "bassetlaw": {  # a strong history, thin capacity
        "council": {
            "history": 4.4,
            "attitudes": 4.0,
            "vcs_relationships": 3.8,
            "capacity": 2.2,
            "ambition": 2.4,
            "governance": 3.3,
        },
        "vcs": {
            "history": 4.3,
            "attitudes": 3.8,
            "vcs_relationships": 3.9,
            "capacity": 2.0,
            "ambition": 2.2,
            "governance": 3.1,
        },
        "counts": {"council": 6, "vcs": 7, "other": 0},
        "follow_up": {"delta": 0.25, "counts": {"council": 5, "vcs": 6, "other": 0}},
    },
    "calderdale": {  # council and VCS see the partnership very differently
        "council": {
            "history": 4.1,
            "attitudes": 4.4,
            "vcs_relationships": 3.6,
            "capacity": 3.8,
            "ambition": 3.6,
            "governance": 4.0,
        },
        "vcs": {
            "history": 2.6,
            "attitudes": 2.2,
            "vcs_relationships": 3.4,
            "capacity": 2.9,
            "ambition": 2.3,
            "governance": 2.5,
        },
        "counts": {"council": 6, "vcs": 7, "other": 0},
        "follow_up": {"delta": 0.1, "counts": {"council": 5, "vcs": 5, "other": 0}},
    },
    "cornwall": {  # too few VCS respondents: the VCS breakdown is withheld
        "council": {
            "history": 3.4,
            "attitudes": 3.6,
            "vcs_relationships": 3.1,
            "capacity": 3.0,
            "ambition": 2.8,
            "governance": 3.0,
        },
        "vcs": {
            "history": 3.0,
            "attitudes": 3.1,
            "vcs_relationships": 3.2,
            "capacity": 2.8,
            "ambition": 2.6,
            "governance": 2.7,
        },
        "counts": {"council": 8, "vcs": 2, "other": 0},
    },
    "northumberland": {
        "council": {
            "history": 2.8,
            "attitudes": 3.1,
            "vcs_relationships": 2.7,
            "capacity": 2.9,
            "ambition": 2.5,
            "governance": 2.6,
        },
        "vcs": {
            "history": 2.5,
            "attitudes": 2.7,
            "vcs_relationships": 2.4,
            "capacity": 2.6,
            "ambition": 2.3,
            "governance": 2.3,
        },
        "counts": {"council": 5, "vcs": 6, "other": 3},
    },
    "swansea": {
        "council": {
            "history": 3.5,
            "attitudes": 3.7,
            "vcs_relationships": 3.9,
            "capacity": 3.4,
            "ambition": 3.0,
            "governance": 3.5,
        },
        "vcs": {
            "history": 3.3,
            "attitudes": 3.3,
            "vcs_relationships": 4.1,
            "capacity": 3.2,
            "ambition": 2.8,
            "governance": 3.2,
        },
        "counts": {"council": 5, "vcs": 7, "other": 0},
        "follow_up": {"delta": -0.15, "counts": {"council": 4, "vcs": 5, "other": 0}},
    },
    "kent": {
        "council": {
            "history": 3.2,
            "attitudes": 3.4,
            "vcs_relationships": 3.0,
            "capacity": 3.5,
            "ambition": 3.1,
            "governance": 3.6,
        },
        "vcs": {
            "history": 2.9,
            "attitudes": 3.0,
            "vcs_relationships": 2.8,
            "capacity": 3.1,
            "ambition": 2.7,
            "governance": 3.0,
        },
        "counts": {"council": 7, "vcs": 6, "other": 0},
    },
    "manchester": {
        "council": {
            "history": 4.0,
            "attitudes": 3.9,
            "vcs_relationships": 4.1,
            "capacity": 3.9,
            "ambition": 3.3,
            "governance": 4.1,
        },
        "vcs": {
            "history": 3.8,
            "attitudes": 3.7,
            "vcs_relationships": 4.0,
            "capacity": 3.6,
            "ambition": 3.0,
            "governance": 3.8,
        },
        "counts": {"council": 8, "vcs": 8, "other": 3},
    },
}

COMMENTS = {
    "history": [
        "The refreshed local Compact in 2019 was a turning point for us.",
        "People still remember the grants being cut with two weeks' notice.",
        "We have worked together for years, mostly through the same few people.",
    ],
    "attitudes": [
        "Some officers treat us as contractors rather than partners.",
        "The new director has made a real effort to listen to small groups.",
    ],
    "vcs_relationships": [
        "Competition for the same contracts makes it hard to share plans.",
        "The CVS forum brings the small groups together well.",
    ],
    "capacity": [
        "Everything depends on two people; if they left it would fall apart.",
        "We have no one with time to write joint bids.",
    ],
    "ambition": [
        "The timescales in the last strategy were unrealistic for volunteers.",
    ],
    "governance": [
        "We never agreed who decides what when the partnership started.",
        "A three-year funding agreement would let us keep our staff.",
    ],
}
