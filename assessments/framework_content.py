"""Content of the shipped PIP health check framework (version 1).

Plain data, no Django imports: the data migration and the ``seed`` command read it through
``assessments.frameworks.shipped_content``.

The four core dimensions are the "key variables" the Partnership Improvement Programme found
behind local differences; the overall health index is their mean. "Ambition and local
reality" and "Governance and agreements" are supplementary: scored and shown, but not part of
the index.

Every statement is worded so that either a council officer or a voluntary and community sector
manager can answer it. Statements with ``reverse: True`` are worded so that agreeing is the
unhealthy answer; scoring reverses them (``v' = min + max - v``), and each has a ``reading``: a
short positive wording in the scored direction, which results show in place of the statement
as asked (a high score then reads as good news). In the ambition dimension the
barrier statements (see ``BARRIERS``) are worded positively, so disagreeing means the barrier is
a problem in the area.

Once published, this content must not change meaning: codes are stable identifiers that stored
answers refer to. To change wording, add or drop statements, ship a new version instead.
"""

SCALE_LABELS = [
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
]

PIP_HEALTH_CHECK = {
    "slug": "pip-health-check",
    "name": "PIP partnership health check",
    "version": 1,
    "description": (
        "A short self-assessment for council and voluntary and community sector staff on how "
        "well the two sectors work together in their area. It covers the four key variables "
        "found by the Partnership Improvement Programme, plus ambition and governance."
    ),
    "scale_min": 1,
    "scale_max": 5,
    "scale_labels": SCALE_LABELS,
    "min_group_size": 3,
    "gap_flag": 15,
    "green": 70,
    "amber": 50,
    "dimensions": [
        {
            "key": "history",
            "name": "History of cross-sector relationships",
            "core": True,
            "order": 1,
            "description": (
                "How the council and voluntary and community organisations have worked "
                "together in the past, and how that history shapes trust today."
            ),
            "questions": [
                {
                    "code": "HIS1",
                    "text": (
                        "The council and voluntary and community organisations in our area "
                        "have a long record of working together."
                    ),
                    "help_text": (
                        "Voluntary and community organisations means charities, community "
                        "groups, social enterprises and other not-for-profit groups."
                    ),
                    "reverse": False,
                },
                {
                    "code": "HIS2",
                    "text": (
                        "Past joint projects between the council and voluntary and community "
                        "organisations have mostly gone well."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "HIS3",
                    "text": (
                        "Past disputes between the council and voluntary organisations still "
                        "get in the way of working together."
                    ),
                    "help_text": "",
                    "reverse": True,
                    "reading": "Past disputes no longer get in the way of working together.",
                },
                {
                    "code": "HIS4",
                    "text": (
                        "When things have gone wrong between the two sectors, we have learned "
                        "from it."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "HIS5",
                    "text": (
                        "There is a good level of trust between the council and voluntary and "
                        "community organisations in our area."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "HIS6",
                    "text": (
                        "Changes of staff or leadership have often undone progress between "
                        "the two sectors."
                    ),
                    "help_text": "",
                    "reverse": True,
                    "reading": (
                        "Progress between the two sectors survives changes of staff or leadership."
                    ),
                },
                {
                    "code": "HIS7",
                    "text": (
                        "Good working relationships between the two sectors have lasted over "
                        "many years."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
            ],
        },
        {
            "key": "attitudes",
            "name": "Council attitudes toward voluntary and community organisations",
            "core": True,
            "order": 2,
            "description": (
                "How key council staff see and treat voluntary and community organisations."
            ),
            "questions": [
                {
                    "code": "ATT1",
                    "text": (
                        "Senior council staff value what voluntary and community "
                        "organisations contribute to our area."
                    ),
                    "help_text": (
                        "Senior council staff means directors, heads of service and others "
                        "who make or shape the council's decisions."
                    ),
                    "reverse": False,
                },
                {
                    "code": "ATT2",
                    "text": (
                        "Council officers see voluntary and community organisations as "
                        "partners, not just as service providers."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "ATT3",
                    "text": (
                        "The council involves voluntary and community organisations early, "
                        "before decisions are made."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "ATT4",
                    "text": (
                        "Council officers understand the pressures that voluntary and "
                        "community organisations work under."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "ATT5",
                    "text": (
                        "Council officers treat small community groups with the same respect "
                        "as large charities."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "ATT6",
                    "text": (
                        "Council officers often see working with voluntary and community "
                        "organisations as more trouble than it is worth."
                    ),
                    "help_text": "",
                    "reverse": True,
                    "reading": (
                        "Council officers see working with voluntary and community "
                        "organisations as worth the effort."
                    ),
                },
                {
                    "code": "ATT7",
                    "text": (
                        "The council takes the views of voluntary and community organisations "
                        "seriously."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
            ],
        },
        {
            "key": "vcs_relationships",
            "name": "Relationships within the voluntary and community sector",
            "core": True,
            "order": 3,
            "description": (
                "How well voluntary and community organisations in the area work with each "
                "other and speak together."
            ),
            "questions": [
                {
                    "code": "VCS1",
                    "text": (
                        "Voluntary and community organisations in our area work well with "
                        "each other."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "VCS2",
                    "text": (
                        "Voluntary and community organisations in our area share information "
                        "with each other."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "VCS3",
                    "text": (
                        "Competition for funding damages relationships between voluntary and "
                        "community organisations in our area."
                    ),
                    "help_text": "",
                    "reverse": True,
                    "reading": (
                        "Competition for funding does not damage relationships between "
                        "voluntary and community organisations."
                    ),
                },
                {
                    "code": "VCS4",
                    "text": (
                        "Voluntary and community organisations can agree a shared view when "
                        "dealing with the council."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "VCS5",
                    "text": (
                        "Our local infrastructure body gives voluntary and community "
                        "organisations the support they need."
                    ),
                    "help_text": (
                        "An infrastructure body supports and represents local voluntary and "
                        "community groups, for example a council for voluntary service (CVS)."
                    ),
                    "reverse": False,
                },
                {
                    "code": "VCS6",
                    "text": (
                        "Small community groups have as much say within the sector as larger "
                        "organisations."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "VCS7",
                    "text": (
                        "A few organisations speak for the whole sector without checking with "
                        "the others."
                    ),
                    "help_text": "",
                    "reverse": True,
                    "reading": (
                        "Organisations that speak for the whole sector check with the others "
                        "first."
                    ),
                },
            ],
        },
        {
            "key": "capacity",
            "name": "Capacity to work together: skills and personnel",
            "core": True,
            "order": 4,
            "description": (
                "Whether both sectors have the people, time and skills that partnership "
                "working needs."
            ),
            "questions": [
                {
                    "code": "CAP1",
                    "text": (
                        "The council sets aside enough staff time for working with voluntary "
                        "and community organisations."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "CAP2",
                    "text": (
                        "Voluntary and community organisations have enough staff or volunteer "
                        "time to take part in partnerships."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "CAP3",
                    "text": (
                        "People in both sectors have the skills that partnership working "
                        "needs, such as negotiating and joint planning."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "CAP4",
                    "text": "Each sector has named people responsible for partnership working.",
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "CAP5",
                    "text": (
                        "Partnership working in our area depends too much on one or two people."
                    ),
                    "help_text": "",
                    "reverse": True,
                    "reading": "Partnership working does not depend on just one or two people.",
                },
                {
                    "code": "CAP6",
                    "text": (
                        "Staff in both sectors can get training to improve their partnership "
                        "skills."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "CAP7",
                    "text": (
                        "When a key person leaves, their knowledge and contacts are passed "
                        "on to others."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
            ],
        },
        {
            "key": "ambition",
            "name": "Ambition and local reality",
            "core": False,
            "order": 5,
            "description": (
                "Whether what partnerships are asked to achieve matches the resources, "
                "skills and time the area really has."
            ),
            "questions": [
                {
                    "code": "AMB1",
                    "text": (
                        "We have enough resources to deliver what our partnership plans ask of us."
                    ),
                    "help_text": (
                        "In this section, 'we' means the council and voluntary and community "
                        "organisations in your area, working together. Resources include "
                        "money, buildings and equipment."
                    ),
                    "reverse": False,
                },
                {
                    "code": "AMB2",
                    "text": (
                        "We have the skills and people we need to deliver our partnership plans."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "AMB3",
                    "text": "What our partnership is asked to achieve is realistic for our area.",
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "AMB4",
                    "text": "The timescales we are given for partnership work are realistic.",
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "AMB5",
                    "text": (
                        "Government policy asks more of our area than local partners can "
                        "realistically deliver."
                    ),
                    "help_text": "",
                    "reverse": True,
                    "reading": (
                        "Local partners can realistically deliver what government policy asks of "
                        "our area."
                    ),
                },
            ],
        },
        {
            "key": "governance",
            "name": "Governance and agreements",
            "core": False,
            "order": 6,
            "description": (
                "Whether partnerships are set up, funded and recognised in ways that help "
                "them work."
            ),
            "questions": [
                {
                    "code": "GOV1",
                    "text": (
                        "New partnerships in our area start with a pre-partnership agreement "
                        "on their purpose and roles."
                    ),
                    "help_text": (
                        "A short agreement, made before a partnership starts, on what it is "
                        "for, who does what and how partners will get ready to work together."
                    ),
                    "reverse": False,
                },
                {
                    "code": "GOV2",
                    "text": (
                        "New partnerships have an agreed development phase before they start "
                        "delivering."
                    ),
                    "help_text": (
                        "A set period for partners to build relationships, skills and shared "
                        "plans, and to spot problems early."
                    ),
                    "reverse": False,
                },
                {
                    "code": "GOV3",
                    "text": (
                        "The Compact's principles are followed in practice in our area, for "
                        "example on consultation periods and fair funding."
                    ),
                    "help_text": (
                        "The Compact is the agreement between government, councils and the "
                        "voluntary and community sector on how they will work together. Many "
                        "areas have a local Compact."
                    ),
                    "reverse": False,
                },
                {
                    "code": "GOV4",
                    "text": (
                        "Council funding for voluntary and community organisations is too "
                        "short-term for them to plan ahead."
                    ),
                    "help_text": (
                        "For example, one-year grants instead of multi-year agreements, or "
                        "funding changed or ended without reasonable notice."
                    ),
                    "reverse": True,
                    "reading": (
                        "Council funding for voluntary and community organisations is long "
                        "enough for them to plan ahead."
                    ),
                },
                {
                    "code": "GOV5",
                    "text": (
                        "Partners in our area recognise and reward innovation and progress in "
                        "partnership working."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
            ],
        },
    ],
}

# The "ambition and local reality" barriers, each tied to one (positively worded) question of
# the ambition dimension: disagreeing with that statement means the barrier is a problem.
BARRIERS = [
    {"key": "resources", "name": "Insufficient resources", "question": "AMB1"},
    {"key": "skills", "name": "Lack of skills or personnel", "question": "AMB2"},
    {"key": "agendas", "name": "Unrealistic agendas", "question": "AMB3"},
    {"key": "timescales", "name": "Unrealistic timescales", "question": "AMB4"},
]
