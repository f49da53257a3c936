"""The invented demo newsroom: sections, authors and stories written for Newsroom CMS."""

from __future__ import annotations

BREAKING_SLUG: str = "breaking-chemical-plant-fire-forces-evacuations"

SECTIONS: list[dict[str, str | None]] = [
    {"slug": "news", "name": "News", "parent": None},
    {"slug": "world", "name": "World", "parent": None},
    {"slug": "politics", "name": "Politics", "parent": None},
    {"slug": "business", "name": "Business", "parent": None},
    {"slug": "climate", "name": "Climate", "parent": "news"},
    {"slug": "sport", "name": "Sport", "parent": None},
]

AUTHORS: list[dict[str, object]] = [
    {
        "slug": "samuel-reyes-tan",
        "name": "Samuel Reyes-Tan",
        "title": "Breaking news reporter",
        "bio": (
            "Samuel Reyes-Tan covers breaking news, emergencies and public safety from the "
            "newsroom's Gulf Coast bureau. He previously spent six years on the night desk "
            "of a regional daily and still keeps a police scanner on his kitchen table."
        ),
        "location": "Harlow Bay, US",
        "email": "samuel.reyes-tan@newsroom.example",
        "social": [
            ("x", "https://x.com/sreyestan_news"),
            ("mastodon", "https://mastodon.example.org/@sreyestan"),
        ],
    },
    {
        "slug": "maren-okafor",
        "name": "Maren Okafor",
        "title": "Senior political correspondent",
        "bio": (
            "Maren Okafor reports on Congress, campaigns and the machinery of government. "
            "Before joining the newsroom she covered three state legislatures and a "
            "governor's race that went to a recount."
        ),
        "location": "Washington, US",
        "email": "maren.okafor@newsroom.example",
        "social": [
            ("x", "https://x.com/marenokafor"),
            ("bluesky", "https://bsky.app/profile/marenokafor.example.com"),
        ],
    },
    {
        "slug": "tobias-lindqvist",
        "name": "Tobias Lindqvist",
        "title": "Europe correspondent",
        "bio": (
            "Tobias Lindqvist follows European institutions, transport policy and the long "
            "nights of ministerial summits. He speaks four languages and is learning a fifth "
            "on the Brussels commuter train."
        ),
        "location": "Brussels, Belgium",
        "email": "tobias.lindqvist@newsroom.example",
        "social": [
            ("mastodon", "https://social.example.org/@tlindqvist"),
        ],
    },
    {
        "slug": "priya-castellanos",
        "name": "Priya Castellanos",
        "title": "Business editor",
        "bio": (
            "Priya Castellanos leads coverage of markets, housing and the economy. She "
            "trained as an accountant before deciding that other people's balance sheets "
            "made better stories than her own."
        ),
        "location": "London, UK",
        "email": "priya.castellanos@newsroom.example",
        "social": [
            ("x", "https://x.com/priyacastellanos"),
            ("linkedin", "https://www.linkedin.com/in/priyacastellanos"),
        ],
    },
    {
        "slug": "daniel-achterberg",
        "name": "Daniel Achterberg",
        "title": "Climate and environment reporter",
        "bio": (
            "Daniel Achterberg writes about floods, heat, rivers and the people who live "
            "beside them. He is based on the estuary coast and has waded into more "
            "flood water than his editors would like."
        ),
        "location": "Port Averell, UK",
        "email": "daniel.achterberg@newsroom.example",
        "social": [
            ("x", "https://x.com/d_achterberg"),
            ("mastodon", "https://mastodon.example.org/@achterberg"),
        ],
    },
    {
        "slug": "hana-kovacevic",
        "name": "Hana Kovacevic",
        "title": "World affairs editor",
        "bio": (
            "Hana Kovacevic edits the world desk and reports on diplomacy, conflict and food "
            "security. She has filed from more than thirty countries, usually with a "
            "borrowed phone charger."
        ),
        "location": "Nairobi, Kenya",
        "email": "hana.kovacevic@newsroom.example",
        "social": [
            ("x", "https://x.com/hanakovacevic"),
            ("bluesky", "https://bsky.app/profile/hanakovacevic.example.com"),
        ],
    },
    {
        "slug": "ines-calloway",
        "name": "Ines Calloway",
        "title": "Chief sports writer",
        "bio": (
            "Ines Calloway covers football, athletics and anything else played in the rain. "
            "She ran cross-country for her county as a teenager and still believes the "
            "last mile is the only one that matters."
        ),
        "location": "Manchester, UK",
        "email": "ines.calloway@newsroom.example",
        "social": [
            ("x", "https://x.com/inescalloway"),
            ("instagram", "https://www.instagram.com/inescalloway"),
        ],
    },
]

AD_SLOTS: list[dict[str, object]] = [
    {
        # Sold as brand-safe: the one slot that runs on hard news.
        "code": "in-article-mrec",
        "name": "In-article medium rectangle",
        "ad_unit_path": "/1234567/newsroom/article/mrec",
        "sizes": [(300, 250), (336, 280)],
        "targeting": {"pos": ["in-article"]},
        "enabled": True,
        "brand_safe_only": True,
        "placement": {"after_paragraph": 2, "max_per_article": 1},
    },
    {
        "code": "in-article-repeat",
        "name": "In-article repeating rectangle",
        "ad_unit_path": "/1234567/newsroom/article/repeat",
        "sizes": [(300, 250), (320, 50)],
        "fluid": True,
        "targeting": {"pos": ["in-article-repeat"]},
        "enabled": True,
        "placement": {"every_paragraphs": 4, "start_after": 4, "max_per_article": 3},
    },
    {
        "code": "section-leaderboard",
        "name": "Business and sport leaderboard",
        "ad_unit_path": "/1234567/newsroom/section/leaderboard",
        "sizes": [(728, 90), (970, 90)],
        "targeting": {"pos": ["leaderboard"]},
        "enabled": True,
        "placement": {
            "after_paragraph": 5,
            "max_per_article": 1,
            "sections": ["business", "sport"],
        },
    },
    # Page-level ads: a responsive leaderboard on every story page and front, a rail on the
    # fronts, and an interstitial on story pages (brand-safe, so it runs on hard news too).
    {
        "code": "top-leaderboard",
        "name": "Top leaderboard",
        "ad_unit_path": "/1234567/newsroom/page/top",
        "sizes": [(970, 250), (728, 90), (320, 50)],
        "targeting": {},
        "enabled": True,
        "page": {"pages": ["STORY", "FRONT"], "position": "TOP"},
        "size_mapping": [
            ((1024, 0), [(970, 250), (728, 90)]),
            ((768, 0), [(728, 90)]),
            ((0, 0), [(320, 50)]),
        ],
    },
    {
        "code": "front-rail",
        "name": "Front right rail",
        "ad_unit_path": "/1234567/newsroom/front/rail",
        "sizes": [(300, 600), (300, 250)],
        "targeting": {},
        "enabled": True,
        "page": {"pages": ["FRONT"], "position": "RIGHT_RAIL"},
        "size_mapping": [((1024, 0), [(300, 600), (300, 250)]), ((0, 0), [])],
    },
    {
        "code": "story-interstitial",
        "name": "Story interstitial",
        "ad_unit_path": "/1234567/newsroom/article/interstitial",
        "sizes": [],
        "targeting": {},
        "enabled": True,
        "brand_safe_only": True,
        "page": {"pages": ["STORY"], "position": "OUT_OF_PAGE", "format": "INTERSTITIAL"},
    },
]

STORIES: list[dict[str, object]] = [
    # ------------------------------------------------------------------ news
    {
        "slug": "breaking-chemical-plant-fire-forces-evacuations",
        "kicker": "Breaking",
        "breaking_hours": 6,
        "related": ["state-regulators-tighten-chemical-storage-rules"],
        "status": "PUBLISHED",
        "headline": "Chemical plant fire forces evacuation of 4,000 residents in Harlow Bay",
        "dek": (
            "A fire at the Corrin Polymers site on the city's east side sent a plume of black "
            "smoke over three neighbourhoods and closed the coastal highway."
        ),
        "section": "news",
        "tags": ["breaking", "harlow-bay", "industrial-safety"],
        "authors": ["samuel-reyes-tan"],
        "byline_role": None,
        "ads_policy": "SENSITIVE",
        "dateline": "Harlow Bay, US",
        "hours_ago": 0.5,
        "lead": {
            "caption": (
                "Smoke rises above storage tanks at the Corrin Polymers plant as fire crews "
                "spray water from the perimeter road on Tuesday afternoon."
            ),
            "credit": "Photo by Lena Marsh/Harbourline Press via Wirestream",
            "alt": (
                "A tall column of black smoke drifts over industrial tanks while two fire "
                "engines stand on a road in the foreground."
            ),
            "hue": 18,
            "motif": "skyline",
        },
        "body": [
            (
                "p",
                "About 4,000 residents of Harlow Bay were ordered to leave their homes on "
                "Tuesday afternoon after a fire broke out at the **Corrin Polymers** plant "
                "on the city's east side, sending a thick plume of smoke across three "
                "neighbourhoods, according to the city's emergency management office.",
            ),
            (
                "p",
                "The fire was reported at 1.42pm in a warehouse used to store resin and "
                "solvents, fire chief Ronald Estrada told reporters at a roadside briefing. "
                "Crews from five stations and two neighbouring counties were at the scene "
                "within 40 minutes, he said.",
            ),
            (
                "p",
                "An evacuation order covers every home within a one-mile radius of the plant, "
                "including the Eastgate, Pell Street and Marlow Point districts. A shelter "
                "has been opened at Harlow Bay Community College, where volunteers were "
                "handing out water and face masks by mid-afternoon.",
            ),
            ("ad", "in-article-mrec"),
            (
                "p",
                "Three plant workers were taken to St Agnes Medical Center with breathing "
                "difficulties and were in stable condition, a hospital spokeswoman said. "
                "No other injuries had been reported.",
            ),
            (
                "quote",
                (
                    "We are asking everyone inside the evacuation zone to leave now, take "
                    "medication and pets with them, and not return until we give the all "
                    "clear.",
                    "Air monitoring teams are on site and we will share readings every hour "
                    "on the city's website and on local radio.",
                ),
                "Harlow Bay Office of Emergency Management statement",
            ),
            (
                "p",
                "State Route 9 was closed in both directions between the harbour bridge and "
                "Dunmore Avenue, and the city's transit authority suspended two bus routes. "
                "Schools in the Eastgate district will remain closed on Wednesday, the "
                "school board said.",
            ),
            (
                "p",
                "Corrin Polymers, which employs about 350 people at the site, said in a brief "
                "statement that all staff on the afternoon shift had been accounted for and "
                "that it was 'cooperating fully' with fire investigators. The company did "
                "not say what had caused the blaze.",
            ),
            ("related", "READ:", "state-regulators-tighten-chemical-storage-rules"),
            (
                "p",
                "Residents outside the zone were told to keep windows closed and to switch "
                "off air conditioning units that draw in outside air. Updates are being "
                "posted on the [city's emergency page](https://alerts.example.org/harlow-bay).",
            ),
            ("p", "This is a developing story and will be updated."),
        ],
    },
    {
        "slug": "council-approves-flood-defence-budget",
        "status": "PUBLISHED",
        "headline": "Port Averell council approves £38m flood defence budget after stormy debate",
        "dek": (
            "Councillors voted 31 to 12 to fund a new tidal barrier and raised embankments "
            "along the lower estuary, despite objections over the cost to council tax."
        ),
        "section": "news",
        "tags": ["flooding", "local-government", "budget"],
        "authors": ["daniel-achterberg"],
        "byline_role": None,
        "dateline": "Port Averell, UK",
        "hours_ago": 5.0,
        "lead": {
            "caption": (
                "Sandbags line the harbour wall at Quayside in Port Averell, where water "
                "reached the doorsteps of 60 homes last winter."
            ),
            "credit": "Tomas Riel/Meridian Images",
            "alt": (
                "A low stone harbour wall topped with a row of white sandbags, with grey "
                "water and moored fishing boats behind it."
            ),
            "hue": 205,
            "motif": "water",
        },
        "body": [
            (
                "p",
                "Port Averell city council has approved a £38m programme of flood defences "
                "for the lower estuary, ending a year of argument over how to protect the "
                "town's oldest streets from rising tides.",
            ),
            (
                "p",
                "Councillors voted 31 to 12 on Monday night in favour of the plan, which "
                "includes a moveable tidal barrier at the mouth of the Avell, 2.4km of raised "
                "embankments and new pumping stations at Quayside and Fennick Marsh.",
            ),
            ("pull", "Last winter, water reached the doorsteps of 60 homes in a single night."),
            (
                "p",
                "Council leader Gwen Hartley said the scheme was 'the most important thing "
                "this council will build in a generation'. The national Environment Agency "
                "has agreed to contribute £22m, with the rest coming from council borrowing "
                "and a small levy on new waterfront developments.",
            ),
            (
                "p",
                "Opposition councillors argued the borrowing would add about £19 a year to "
                "an average council tax bill. 'Nobody here is against flood defences,' said "
                "councillor Raj Pennington. 'We are against writing a blank cheque.'",
            ),
            ("h", "What the plan includes"),
            (
                "list",
                [
                    "A moveable tidal barrier at the mouth of the River Avell",
                    "2.4km of raised embankments between Quayside and Fennick Marsh",
                    "Two new pumping stations with backup generators",
                    "A flood warning siren network for 1,800 homes",
                ],
            ),
            (
                "p",
                "Construction is due to begin next spring and take about four years. Residents "
                "can read the full [design documents](https://council.example.org/flood-plan) "
                "and comment until the end of the month.",
            ),
        ],
    },
    {
        "slug": "state-regulators-tighten-chemical-storage-rules",
        "status": "PUBLISHED",
        "headline": "Regulators tighten chemical storage rules after string of warehouse fires",
        "dek": (
            "New limits on how much flammable material can be kept near homes will apply to "
            "about 140 industrial sites from January."
        ),
        "section": "news",
        "tags": ["industrial-safety", "regulation", "harlow-bay"],
        "authors": ["samuel-reyes-tan", "maren-okafor"],
        "byline_role": None,
        "dateline": "Harlow Bay, US",
        "hours_ago": 52.0,
        "lead": {
            "caption": (
                "Inspectors from the state environmental agency walk between rows of drums at "
                "a storage yard during a routine visit last month."
            ),
            "credit": "Northlight Agency",
            "alt": (
                "Two people in hard hats and high-visibility vests walk along a row of blue "
                "metal drums in a fenced yard."
            ),
            "hue": 48,
            "motif": "field",
        },
        "body": [
            (
                "p",
                "State environmental regulators on Thursday approved stricter rules on the "
                "storage of flammable chemicals, following four warehouse fires in 18 months "
                "that forced residents from their homes.",
            ),
            (
                "p",
                "Under the new rules, sites within half a mile of homes, schools or hospitals "
                "will be limited to 20,000 gallons of flammable liquid in any single building "
                "and must install automatic foam suppression systems by 2027.",
            ),
            (
                "quote",
                "These fires were not acts of nature. They were the predictable result of "
                "too much material stored too close to people, and this rule ends that.",
                "Commissioner Alma Whitcombe, State Department of Environmental Quality",
            ),
            (
                "p",
                "About 140 facilities will be affected, according to the department, most of "
                "them along the industrial corridor between Harlow Bay and Port Linden.",
            ),
            (
                "p",
                "An industry group, the Gulf Coast Manufacturers Council, said the deadline "
                "was 'unrealistic' and estimated compliance costs at $210m across the state. "
                "Its president, Warren Diallo, said members would ask lawmakers for a "
                "two-year extension.",
            ),
            (
                "p",
                "Residents' groups welcomed the vote but said enforcement would be the real "
                "test. The department currently employs 11 inspectors for more than 900 "
                "permitted sites, according to its most recent annual report.",
            ),
        ],
    },
    {
        "slug": "hospital-waiting-lists-fall-for-third-month",
        "status": "PUBLISHED",
        "headline": "Hospital waiting lists in Kestrel Falls fall for third month in a row",
        "dek": (
            "Weekend operating lists and a new day-surgery unit have cut the number of "
            "patients waiting more than a year by almost a third."
        ),
        "section": "news",
        "tags": ["health", "hospitals"],
        "authors": ["samuel-reyes-tan"],
        "byline_role": None,
        "dateline": "Kestrel Falls, UK",
        "hours_ago": 26.0,
        "lead": {
            "caption": (
                "A nurse prepares a recovery bay in the new day-surgery unit at Kestrel Falls "
                "General Hospital, which opened in the spring."
            ),
            "credit": "Photo by Amira Sollis/Coastline Photo Service via Wirestream",
            "alt": (
                "A bright hospital room with a row of reclining chairs separated by pale "
                "green curtains and a nurse adjusting a monitor."
            ),
            "hue": 160,
            "motif": "crowd",
        },
        "body": [
            (
                "p",
                "The number of people waiting for planned treatment at Kestrel Falls General "
                "Hospital has fallen for the third month running, according to figures "
                "published by the local health trust on Thursday.",
            ),
            (
                "p",
                "There were 18,420 patients on the waiting list at the end of last month, "
                "down from 19,960 in the spring. The number waiting more than a year fell from "
                "1,310 to 902.",
            ),
            (
                "p",
                "Trust chief executive Dr Helen Varley credited weekend operating lists and "
                "the new eight-bed day-surgery unit, which has carried out more than 2,000 "
                "hip, knee and cataract procedures since it opened.",
            ),
            (
                "quote",
                "Staff have given up a lot of Saturdays to get here. The numbers are "
                "moving in the right direction, but nobody should be waiting a year for a "
                "new hip, and we still have 902 people who are.",
                "Dr Helen Varley, Kestrel Falls Health Trust",
            ),
            (
                "p",
                "Patient groups said the improvement was welcome but uneven. Waits for "
                "dermatology and ear, nose and throat appointments have grown over the same "
                "period, the figures show.",
            ),
            (
                "p",
                "The trust says it aims to have no patients waiting more than 12 months by "
                "the end of next year.",
            ),
        ],
    },
    {
        "slug": "bus-drivers-vote-to-strike-over-shift-patterns",
        "status": "PUBLISHED",
        "headline": "Bus drivers vote to strike over new shift patterns",
        "dek": (
            "Four days of walkouts could halt most services across Kestrel Falls and "
            "neighbouring towns later this month."
        ),
        "section": "news",
        "tags": ["transport", "strikes", "jobs"],
        "authors": ["priya-castellanos"],
        "byline_role": None,
        "dateline": "Kestrel Falls, UK",
        "hours_ago": 26.0,
        "lead": {
            "caption": (
                "Buses parked at the Ridgeway depot in Kestrel Falls, which operates 46 routes "
                "across the district."
            ),
            "credit": "Meridian Images",
            "alt": (
                "Rows of green single-decker buses parked side by side in a large depot "
                "under a cloudy sky."
            ),
            "hue": 120,
            "motif": "skyline",
        },
        "body": [
            (
                "p",
                "Bus drivers employed by Valeway Buses have voted to strike in a dispute over "
                "new rosters that the union says would leave some staff working split shifts "
                "of up to 13 hours.",
            ),
            (
                "p",
                "Of the 612 members balloted by the Transport and General Drivers' Union, 84% "
                "backed strike action on a turnout of 71%, the union said on Thursday.",
            ),
            (
                "p",
                "Walkouts are planned for four days later this month. Valeway runs about 80% "
                "of bus services in Kestrel Falls and the surrounding district, carrying "
                "roughly 55,000 passengers on a typical weekday.",
            ),
            (
                "quote",
                "Our members are not asking for the moon. They are asking to see their "
                "children before bedtime.",
                "Carla Munroe, regional organiser, Transport and General Drivers' Union",
            ),
            (
                "p",
                "Valeway's managing director, Peter Ashdown, said the new rosters were needed "
                "to match timetables to changing passenger numbers and that the company "
                "remained 'open to talks at any time'.",
            ),
            (
                "p",
                "The district council said it would publish advice for passengers, including "
                "school pupils, once strike dates were confirmed.",
            ),
            ("related", "READ:", "city-marathon-to-reroute-after-bridge-closure"),
        ],
    },
    {
        "slug": "school-meals-pilot-expanded-to-forty-schools",
        "status": "PUBLISHED",
        "headline": "Free breakfast pilot expanded to 40 schools after attendance rises",
        "dek": (
            "Schools that served breakfast to every pupil saw absence fall by almost two "
            "percentage points, an evaluation found."
        ),
        "section": "news",
        "tags": ["schools", "education", "local-government"],
        "authors": ["samuel-reyes-tan"],
        "byline_role": None,
        "dateline": "Ashford Vale, UK",
        "hours_ago": 140.0,
        "lead": {
            "caption": (
                "Pupils queue for toast and fruit at Linden Road Primary School, one of the "
                "first schools to join the breakfast pilot."
            ),
            "credit": "Photo by Jonah Pryce/Pinewood Pictures via Wirestream",
            "alt": (
                "Children in blue school jumpers line up at a serving counter holding trays "
                "while a dinner lady hands out bowls."
            ),
            "hue": 32,
            "motif": "crowd",
        },
        "body": [
            (
                "p",
                "A scheme offering a free breakfast to every primary pupil will be expanded "
                "from 12 to 40 schools in Ashford Vale from September, the county council "
                "announced on Friday.",
            ),
            (
                "p",
                "An independent evaluation of the first year found that absence in pilot "
                "schools fell from 6.1% to 4.3%, compared with a drop of 0.4 percentage points "
                "in similar schools that did not take part.",
            ),
            ("pull", "Teachers reported fewer children arriving too hungry to concentrate."),
            (
                "p",
                "The expansion will cost £1.9m a year, paid for from the council's public "
                "health budget. Cabinet member for education Sunita Marlowe said it was "
                "'one of the cheapest ways we have found to keep children in class'.",
            ),
            (
                "p",
                "Head teachers interviewed for the evaluation said punctuality had also "
                "improved, with some describing a 'calmer start' to the school day.",
            ),
            (
                "p",
                "The full evaluation is available on the "
                "[council's website](https://www.ashfordvale.example.org/breakfast-report).",
            ),
        ],
    },
    {
        "slug": "draft-mayor-resignation-rumours",
        "status": "DRAFT",
        "headline": "DRAFT - NOT FOR PUBLICATION: Mayor resignation rumours (unconfirmed)",
        "dek": (
            "Holding copy: two sources say Mayor Della Fenwick may step down before the end "
            "of her term; awaiting confirmation from City Hall."
        ),
        "section": "news",
        "tags": ["harlow-bay", "local-government"],
        "authors": ["samuel-reyes-tan"],
        "byline_role": None,
        "dateline": "Harlow Bay, US",
        "hours_ago": 2.0,
        "lead": {
            "caption": "PLACEHOLDER: Mayor Della Fenwick at a council meeting earlier this year.",
            "credit": "Harbourline Press",
            "alt": "A woman in a navy jacket speaks into a microphone at a wooden council desk.",
            "hue": 220,
            "motif": "crowd",
        },
        "body": [
            ("p", "[EDITOR NOTE: do not publish until City Hall responds. Second source needed.]"),
            (
                "p",
                "Harlow Bay Mayor Della Fenwick is considering stepping down before the end "
                "of her term, according to two people familiar with her thinking who were "
                "not authorised to speak publicly.",
            ),
            (
                "p",
                "A spokesman for the mayor's office, Grant Tolliver, said on Monday that he "
                "would 'not comment on rumour'.",
            ),
            (
                "p",
                "Fenwick, 61, was re-elected two years ago with 58% of the vote. Under the "
                "city charter, the council president would serve as acting mayor until a "
                "special election is held.",
            ),
        ],
    },
    # ----------------------------------------------------------------- world
    {
        "slug": "ceasefire-talks-resume-in-geneva",
        "status": "PUBLISHED",
        "headline": "Ceasefire talks between Valdoria and Ostmark resume in Geneva",
        "dek": (
            "Negotiators will meet face to face for the first time in five months, with "
            "prisoner exchanges and a buffer zone on the agenda."
        ),
        "section": "world",
        "tags": ["diplomacy", "valdoria", "conflict"],
        "authors": ["hana-kovacevic"],
        "byline_role": None,
        "dateline": "Geneva, Switzerland",
        "hours_ago": 9.5,
        "lead": {
            "caption": (
                "Delegates arrive at the conference centre on the shore of Lake Geneva on "
                "Wednesday morning."
            ),
            "credit": "Photo by Elise Moreau/Meridian Images via Wirestream",
            "alt": (
                "A line of dark cars outside a modern glass building, with a lake and "
                "mountains in the background."
            ),
            "hue": 210,
            "motif": "water",
        },
        "body": [
            (
                "p",
                "Negotiators from Valdoria and the Ostmark Federation sat down together in "
                "Geneva on Wednesday for the first direct ceasefire talks in five months, "
                "according to the mediators hosting the meeting.",
            ),
            (
                "p",
                "The talks are being chaired by veteran mediator Annika Brandt, who said "
                "both delegations had agreed to a three-day agenda covering a prisoner "
                "exchange, a 10km demilitarised buffer zone and humanitarian corridors.",
            ),
            (
                "quote",
                "Nobody in this building expects a peace treaty by Friday. What we are "
                "looking for is a set of small, concrete steps that both sides can keep.",
                "Annika Brandt, chief mediator",
            ),
            (
                "p",
                "Fighting along the 300km frontline has killed more than 2,400 civilians "
                "since the last truce collapsed, according to estimates from aid agencies. "
                "About 180,000 people remain displaced.",
            ),
            (
                "p",
                "Valdoria's delegation is led by deputy foreign minister Oskar Tamm, while "
                "Ostmark sent its chief of staff, Lidia Perov. Neither spoke to reporters as "
                "they entered the building.",
            ),
            (
                "p",
                "Diplomats said a first exchange of about 200 prisoners could be announced as "
                "early as Friday if talks go well.",
            ),
        ],
    },
    {
        "slug": "drought-pushes-grain-prices-across-east-africa",
        "status": "PUBLISHED",
        "headline": "Third failed rainy season pushes Serani basin grain prices up by half",
        "dek": (
            "Maize now costs 52% more than a year ago in markets around Lake Serani, and aid "
            "agencies warn that 3.1 million people need food assistance."
        ),
        "section": "world",
        "tags": ["drought", "food-prices", "aid"],
        "authors": ["hana-kovacevic"],
        "byline_role": None,
        "dateline": "Nairobi, Kenya",
        "hours_ago": 31.0,
        "lead": {
            "caption": (
                "A farmer inspects a stunted maize crop near the shores of Lake Serani, where "
                "rainfall has been less than half the seasonal average."
            ),
            "credit": "Kofi Adjei/Northlight Agency",
            "alt": (
                "A man in a wide-brimmed hat crouches among short, yellowing maize plants in "
                "dry, cracked soil."
            ),
            "hue": 42,
            "motif": "field",
        },
        "body": [
            (
                "p",
                "The price of maize in markets around Lake Serani has risen by 52% in a year "
                "after a third consecutive rainy season failed, according to a regional "
                "food monitoring network.",
            ),
            (
                "p",
                "The network's latest bulletin estimates that 3.1 million people across the "
                "basin now need food assistance, up from 1.8 million in January.",
            ),
            (
                "image",
                "Women carry water containers along a dry riverbed outside Mtoni village.",
                "Photo by Kofi Adjei/Northlight Agency via Wirestream",
                36,
                "field",
            ),
            (
                "p",
                "Livestock herders have been hit hardest. Grace Wanjala, a district "
                "agriculture officer, said about one in five cattle in her area had died "
                "since the spring.",
            ),
            ("pull", "'Families are selling the animals they have left to buy food,' she said."),
            (
                "p",
                "Aid agencies have appealed for $420m to fund food distributions and water "
                "trucking until the next harvest. So far, they say, less than a quarter of "
                "that amount has been pledged.",
            ),
            (
                "p",
                "Forecasters expect near-average rain in the coming season, but warned that "
                "even a good harvest would take months to bring prices down.",
            ),
        ],
    },
    {
        "slug": "ferry-capsizes-off-island-coast-dozens-rescued",
        "status": "PUBLISHED",
        "headline": "Ferry capsizes off Isla Caredo; 63 rescued and seven missing",
        "dek": (
            "Coastguard vessels and fishing boats pulled passengers from rough seas after the "
            "overnight ferry overturned two miles from port."
        ),
        "section": "world",
        "tags": ["maritime", "rescue"],
        "authors": ["tobias-lindqvist"],
        "byline_role": None,
        "dateline": "Porto Salvo, Isla Caredo",
        "hours_ago": 18.25,
        "lead": {
            "caption": (
                "A coastguard boat returns to Porto Salvo harbour with survivors on board "
                "early on Sunday."
            ),
            "credit": "Coastline Photo Service",
            "alt": (
                "An orange rescue boat with people wrapped in foil blankets approaches a "
                "harbour at dawn."
            ),
            "hue": 195,
            "motif": "water",
        },
        "body": [
            (
                "p",
                "Rescuers pulled 63 people from the sea off Isla Caredo early on Sunday after "
                "a passenger ferry capsized in heavy swell about two miles from the port of "
                "Porto Salvo, the island's coastguard said.",
            ),
            (
                "p",
                "Seven people were still missing by midday. The ferry, the _Santa Lucena_, "
                "was carrying 70 passengers and crew on an overnight crossing from the "
                "mainland, according to the operator's manifest.",
            ),
            (
                "quote",
                "Fishermen were in the water before we were. Many of the people alive "
                "today owe their lives to them.",
                "Captain Rui Almada, Isla Caredo coastguard",
            ),
            (
                "p",
                "Survivors described a sudden lurch shortly after 4am. 'The lights went out and "
                "then the floor was the wall,' said Marta Quesada, 34, who was travelling "
                "with her two sons. All three were rescued.",
            ),
            (
                "p",
                "The island's transport authority said the vessel had passed a safety "
                "inspection in March. An investigation has been opened into whether the "
                "ferry should have sailed, after a gale warning was issued on Saturday.",
            ),
        ],
    },
    {
        "slug": "ministers-agree-on-shared-rail-ticketing",
        "status": "PUBLISHED",
        "headline": "European transport ministers agree on single ticket for cross-border rail",
        "dek": (
            "Passengers will be able to book journeys across several operators in one "
            "transaction, with guaranteed rebooking if a connection is missed."
        ),
        "section": "world",
        "tags": ["transport", "rail", "europe"],
        "authors": ["tobias-lindqvist"],
        "byline_role": None,
        "dateline": "Brussels, Belgium",
        "hours_ago": 77.0,
        "lead": {
            "caption": (
                "A high-speed train waits at a platform in Brussels before departing on an "
                "international service."
            ),
            "credit": "Photo by Stefan Ruyter/Harbourline Press via Wirestream",
            "alt": "A long white train with a pointed nose beside an empty station platform.",
            "hue": 0,
            "motif": "skyline",
        },
        "body": [
            (
                "p",
                "Transport ministers meeting in Brussels agreed on Tuesday to require rail "
                "operators to sell through tickets for journeys that cross borders, a change "
                "campaigners have sought for more than a decade.",
            ),
            (
                "p",
                "Under the deal, a passenger travelling from one capital to another with "
                "three different operators will be able to buy a single ticket and will be "
                "entitled to travel on the next available train if a connection is missed.",
            ),
            ("h", "What changes for passengers"),
            (
                "list",
                [
                    "One booking and one payment for multi-operator journeys",
                    "Free rebooking onto the next train after a missed connection",
                    "Compensation of 25% of the fare for delays over one hour",
                    "Bicycle spaces on all new long-distance trains",
                ],
            ),
            (
                "p",
                "The rules still need to be approved by the European Parliament and would "
                "apply from 2028. Operators will have to share timetable and fare data through "
                "a common booking standard.",
            ),
            (
                "quote",
                "Today a train journey across Europe can feel like a puzzle. We want it to "
                "be as simple as booking a flight, and a lot more pleasant.",
                "Lotte Vermeulen, chair of the transport council",
            ),
            (
                "p",
                "Passenger groups welcomed the agreement but said the compensation levels "
                "were lower than they had hoped. The European Rail Users' Alliance called "
                "it 'a good first timetable, with some delays'.",
            ),
        ],
    },
    {
        "slug": "earthquake-rattles-coastal-city-no-casualties",
        "status": "PUBLISHED",
        "headline": "Magnitude 6.1 earthquake rattles Wellington but causes little damage",
        "dek": (
            "Buildings swayed and shelves emptied across the capital, but officials said no "
            "one was seriously hurt."
        ),
        "section": "world",
        "tags": ["earthquake", "emergencies"],
        "authors": ["hana-kovacevic"],
        "byline_role": None,
        "dateline": "Wellington, New Zealand",
        "hours_ago": 210.0,
        "lead": {
            "caption": (
                "Office workers gather in a park in central Wellington after evacuating their "
                "buildings following the earthquake."
            ),
            "credit": "Meridian Images",
            "alt": (
                "Dozens of people in business clothes stand on grass between tall office "
                "buildings, some looking at their phones."
            ),
            "hue": 140,
            "motif": "crowd",
        },
        "body": [
            (
                "p",
                "A magnitude 6.1 earthquake struck off the coast near Wellington on Thursday "
                "afternoon, shaking buildings across the capital for about 30 seconds, the "
                "national seismic monitoring agency said.",
            ),
            (
                "p",
                "The quake was centred 40km offshore at a depth of 28km. More than 19,000 "
                "people reported feeling it, according to the agency's public survey.",
            ),
            (
                "p",
                "Emergency management officials said there were no serious injuries. A "
                "handful of shop windows were broken and commuter trains were halted for "
                "two hours while engineers checked tracks and bridges.",
            ),
            (
                "quote",
                "This is a good reminder that the drills work. People dropped, covered "
                "and held, and then they walked out calmly.",
                "Mere Tuhiwai, regional emergency management controller",
            ),
            (
                "p",
                "No tsunami warning was issued. Seismologists said aftershocks were likely over "
                "the coming days, with a small chance of a larger quake.",
            ),
        ],
    },
    {
        "slug": "explainer-what-the-valdoria-deal-could-mean",
        "kicker": "Explainer",
        "story_type": "ANALYSIS",
        "related": ["ceasefire-talks-resume-in-geneva"],
        "status": "DRAFT",
        "headline": "Explainer: what a Valdoria-Ostmark deal could mean for the region",
        "dek": (
            "A guide to the buffer zone, the prisoner exchange and the questions the Geneva "
            "talks leave unanswered."
        ),
        "section": "world",
        "tags": ["diplomacy", "valdoria", "explainer"],
        "authors": ["hana-kovacevic", "tobias-lindqvist"],
        "byline_role": "Analysis",
        "dateline": "Geneva, Switzerland",
        "hours_ago": 1.0,
        "lead": {
            "caption": "A map of the frontline is projected on a screen at a press briefing.",
            "credit": "Elise Moreau/Meridian Images",
            "alt": "A projected map with a red line running through hilly terrain.",
            "hue": 8,
            "motif": "chart",
        },
        "body": [
            (
                "p",
                "If negotiators in Geneva agree even a partial deal this week, it would be "
                "the first signed document between Valdoria and Ostmark in almost two years.",
            ),
            ("h", "What is the buffer zone?"),
            (
                "p",
                "The proposed zone would run 10km deep along the frontline, with heavy "
                "weapons withdrawn and observers from neutral countries patrolling it.",
            ),
            ("h", "Who would police it?"),
            ("p", "[TK: confirm which countries have offered observers - Hana checking.]"),
            (
                "p",
                "Both governments have said they will not accept troops from the other's "
                "allies, which narrows the list considerably.",
            ),
        ],
    },
    # -------------------------------------------------------------- politics
    {
        "slug": "senate-committee-advances-rural-broadband-bill",
        "status": "PUBLISHED",
        "headline": "Senate committee advances $9bn rural broadband bill",
        "dek": (
            "The bipartisan measure would fund fibre connections to about 2.6 million homes "
            "that still rely on slow or no internet service."
        ),
        "section": "politics",
        "tags": ["congress", "technology", "rural-affairs"],
        "authors": ["maren-okafor"],
        "byline_role": None,
        "dateline": "Washington, US",
        "hours_ago": 12.0,
        "lead": {
            "caption": (
                "Members of the Senate commerce committee listen to testimony during a "
                "hearing on rural connectivity."
            ),
            "credit": "Photo by Grace Holloway/Harbourline Press via Wirestream",
            "alt": (
                "Senators seated behind a raised wooden dais with name plates and "
                "microphones in a wood-panelled hearing room."
            ),
            "hue": 28,
            "motif": "crowd",
        },
        "body": [
            (
                "p",
                "A Senate committee voted 19 to 7 on Wednesday to advance a $9bn bill to "
                "bring high-speed internet to rural areas, sending the measure to the full "
                "chamber with support from both parties.",
            ),
            (
                "p",
                "The bill would fund fibre and fixed wireless connections for roughly 2.6 "
                "million homes and businesses, most of them in counties with fewer than "
                "50,000 residents, according to an analysis by committee staff.",
            ),
            (
                "quote",
                "A kid doing homework in a parking lot because that's the only place with "
                "a signal is not a rural problem. It is a national failure.",
                "Senator Ruth Caldwell, the bill's lead sponsor",
            ),
            (
                "p",
                "Opponents on the committee questioned the price and whether earlier "
                "programmes had delivered value. Senator Hollis Penrose said the bill lacked "
                "'hard deadlines for the companies taking the money'.",
            ),
            (
                "p",
                "An amendment requiring providers to build within three years or return the "
                "funds was adopted by voice vote.",
            ),
            ("embed", "youtube", "https://www.youtube.com/watch?v=Rq4bN8sTx2K"),
            ("p", "Leadership aides said a floor vote was unlikely before the autumn recess."),
        ],
    },
    {
        "slug": "millbrook-county-heads-to-polls-in-tight-race",
        "status": "PUBLISHED",
        "headline": "Millbrook County heads to the polls in a race too close to call",
        "dek": (
            "The contest for county executive has drawn record early voting and more than "
            "$4m in outside spending."
        ),
        "section": "politics",
        "tags": ["elections", "local-government"],
        "authors": ["maren-okafor"],
        "byline_role": None,
        "dateline": "Millbrook, US",
        "hours_ago": 44.0,
        "lead": {
            "caption": (
                "Voters wait outside the Millbrook public library, one of 64 polling places "
                "open across the county."
            ),
            "credit": "Northlight Agency",
            "alt": (
                "A queue of people in coats outside a brick library with a 'Vote here' sign "
                "on the railings."
            ),
            "hue": 355,
            "motif": "crowd",
        },
        "body": [
            (
                "p",
                "Voters in Millbrook County were casting ballots on Tuesday in a race for "
                "county executive that polls have shown within a single point for weeks.",
            ),
            (
                "p",
                "More than 88,000 people voted early, a record for a non-presidential year, "
                "according to the county elections board.",
            ),
            (
                "p",
                "Incumbent Theresa Quill, who is seeking a third term, has campaigned on "
                "property tax relief and a new county hospital wing. Her challenger, former "
                "school board chair Marcus Odell, has focused on housing costs and traffic.",
            ),
            (
                "pull",
                "Outside groups have spent more than $4m on advertising, five times the "
                "total four years ago.",
            ),
            (
                "p",
                "Elections director Faye Linwood said results from early and in-person "
                "voting would be posted from 9pm, but that postal ballots arriving by Friday "
                "would still be counted.",
            ),
            (
                "p",
                "'If it is as close as people think, nobody should expect a winner tonight,' "
                "Linwood said.",
            ),
            ("related", "READ:", "turnout-record-in-port-averell-mayoral-election"),
        ],
    },
    {
        "slug": "turnout-record-in-port-averell-mayoral-election",
        "status": "PUBLISHED",
        "headline": "Record turnout as Port Averell elects its first directly elected mayor",
        "dek": (
            "Independent candidate Nia Castell won with 41% of first-preference votes on a "
            "turnout of 46%, the highest in the town's history."
        ),
        "section": "politics",
        "tags": ["elections", "local-government", "port-averell"],
        "authors": ["daniel-achterberg"],
        "byline_role": None,
        "dateline": "Port Averell, UK",
        "hours_ago": 73.5,
        "lead": {
            "caption": (
                "Nia Castell celebrates with supporters at the count in Port Averell Guildhall "
                "in the early hours of Friday."
            ),
            "credit": "Photo by Owen Carrick/Meridian Images via Wirestream",
            "alt": (
                "A smiling woman raises both arms as people around her clap in a hall hung "
                "with bunting."
            ),
            "hue": 300,
            "motif": "crowd",
        },
        "body": [
            (
                "p",
                "Port Averell has elected independent candidate **Nia Castell** as its first "
                "directly elected mayor, on the highest turnout ever recorded in a local "
                "election in the town.",
            ),
            (
                "p",
                "Castell, a former harbourmaster, took 41% of first-preference votes and won "
                "after second preferences were counted, beating the council's deputy leader, "
                "Alan Whitford, by 3,212 votes.",
            ),
            (
                "p",
                "Turnout was 46%, compared with 29% at the last council elections, according "
                "to the returning officer.",
            ),
            (
                "quote",
                "People told me on every doorstep that they wanted someone who would "
                "answer the phone. I intend to answer it.",
                "Nia Castell, mayor-elect of Port Averell",
            ),
            (
                "p",
                "Castell will take office next month with powers over transport, planning "
                "and the town's £38m flood defence programme.",
            ),
            ("related", "READ:", "council-approves-flood-defence-budget"),
            (
                "p",
                "Whitford congratulated her and said he would 'hold her to every promise on "
                "that leaflet'.",
            ),
        ],
    },
    {
        "slug": "housing-minister-unveils-plan-for-200000-homes",
        "status": "PUBLISHED",
        "headline": "Housing minister unveils plan for 200,000 homes on former industrial land",
        "dek": (
            "The scheme would fast-track planning on brownfield sites and require a third of "
            "new homes to be affordable."
        ),
        "section": "politics",
        "tags": ["housing", "planning"],
        "authors": ["priya-castellanos"],
        "byline_role": None,
        "dateline": "London, UK",
        "hours_ago": 73.5,
        "lead": {
            "caption": (
                "Cranes stand over a former gasworks site earmarked for 1,400 homes under "
                "the new plan."
            ),
            "credit": "Pinewood Pictures",
            "alt": (
                "Three tower cranes over a cleared construction site with a row of older "
                "terraced houses at its edge."
            ),
            "hue": 25,
            "motif": "skyline",
        },
        "body": [
            (
                "p",
                "The housing minister, Eleanor Pryde, on Thursday set out plans to build "
                "200,000 homes on former industrial land over the next ten years, with "
                "simplified planning rules for sites that meet design standards.",
            ),
            (
                "p",
                "Councils would be given a £3.2bn fund to clean up contaminated land, and "
                "developers would be required to make a third of homes on each site "
                "affordable, Pryde told MPs.",
            ),
            (
                "p",
                "About 1.3 million households are on council housing waiting lists, according "
                "to official figures.",
            ),
            (
                "quote",
                "We have thousands of acres of empty yards and derelict sheds close to "
                "railway stations. It is madness not to build on them first.",
                "Eleanor Pryde, housing minister",
            ),
            (
                "p",
                "Builders said the affordable housing requirement could make some sites "
                "unviable. 'Cleaning a gasworks is not cheap,' said Howard Leese of the "
                "Home Builders Forum.",
            ),
            (
                "p",
                "The opposition housing spokesman, Simon Ashby-Grant, called the target "
                "'a headline in search of a plan'.",
            ),
        ],
    },
    {
        "slug": "ottawa-budget-vote-survives-by-three",
        "status": "PUBLISHED",
        "headline": "Minority government's budget survives confidence vote by three votes",
        "dek": (
            "A last-minute deal with a smaller party over dental care and rural transit "
            "averted an early election."
        ),
        "section": "politics",
        "tags": ["budget", "parliament"],
        "authors": ["maren-okafor"],
        "byline_role": None,
        "dateline": "Ottawa, Canada",
        "hours_ago": 160.0,
        "lead": {
            "caption": "Members of parliament leave the chamber after Monday night's budget vote.",
            "credit": "Photo by Claire Dumont/Northlight Agency via Wirestream",
            "alt": (
                "People in suits walk down a stone corridor with high gothic arches and "
                "tall windows."
            ),
            "hue": 15,
            "motif": "skyline",
        },
        "body": [
            (
                "p",
                "The minority government's budget passed a confidence vote by 171 votes to "
                "168 on Monday night, averting an early election after a deal was struck "
                "with a smaller party hours before the vote.",
            ),
            (
                "p",
                "Finance minister Julien Marchetti agreed to expand a dental care programme "
                "to people over 60 and add C$600m for rural bus services, according to a "
                "summary of the agreement released by both parties.",
            ),
            (
                "quote",
                "We did not get everything we asked for. We got enough to look our voters "
                "in the eye.",
                "Ada Nakamura-Reid, leader of the Green Valley Party",
            ),
            (
                "p",
                "The budget projects a deficit of C$38bn this year, falling to C$22bn in three "
                "years, largely through slower growth in departmental spending.",
            ),
            (
                "p",
                "Opposition leader Gordon McAvoy said the government was 'buying time, not "
                "governing'. Polls suggest no party would win a majority if an election were "
                "held now.",
            ),
        ],
    },
    {
        "slug": "campaign-finance-investigation-working-draft",
        "status": "DRAFT",
        "headline": "WORKING DRAFT: Donor network behind Millbrook ad blitz",
        "dek": (
            "Records show that three newly formed groups funded most of the outside spending "
            "in the county executive race."
        ),
        "section": "politics",
        "tags": ["elections", "campaign-finance", "investigation"],
        "authors": ["maren-okafor", "samuel-reyes-tan"],
        "byline_role": None,
        "dateline": "Millbrook, US",
        "hours_ago": 3.0,
        "lead": {
            "caption": "Campaign mailers collected from households in Millbrook County.",
            "credit": "Grace Holloway/Harbourline Press",
            "alt": "A fan of glossy political leaflets spread across a kitchen table.",
            "hue": 265,
            "motif": "chart",
        },
        "body": [
            ("p", "[LEGAL REVIEW PENDING - do not schedule.]"),
            (
                "p",
                "Three political groups registered within weeks of each other last spring "
                "paid for about $3.1m of the $4m spent by outside organisations in the "
                "Millbrook County executive race, according to state filings.",
            ),
            (
                "p",
                "The groups share a treasurer and a mailing address in a suburban office "
                "park, the filings show.",
            ),
            ("p", "[TK: response from treasurer - calls and emails sent Monday.]"),
        ],
    },
    # -------------------------------------------------------------- business
    {
        "slug": "regional-bank-posts-record-quarterly-profit",
        "status": "PUBLISHED",
        "headline": "Calder & Finch posts record profit as mortgage lending recovers",
        "dek": (
            "The regional lender made £412m before tax in the three months to June, up 23% "
            "on a year earlier."
        ),
        "section": "business",
        "tags": ["banking", "economy", "earnings"],
        "authors": ["priya-castellanos"],
        "byline_role": None,
        "dateline": "London, UK",
        "hours_ago": 7.0,
        "lead": {
            "caption": "A Calder & Finch branch on the high street in Lowfield.",
            "credit": "Photo by Harriet Lowe/Pinewood Pictures via Wirestream",
            "alt": "A shopfront with a dark green sign and cash machines set into the wall.",
            "hue": 150,
            "motif": "chart",
        },
        "body": [
            (
                "p",
                "Calder & Finch, the regional bank with 240 branches across the north and "
                "midlands, reported a record pre-tax profit of £412m for the second quarter, "
                "helped by a recovery in mortgage lending.",
            ),
            (
                "p",
                "New mortgage approvals rose 31% from a year earlier, while the bank set "
                "aside £38m for bad loans, less than analysts had expected.",
            ),
            (
                "quote",
                "Customers who put off buying a home for two years are coming back, and "
                "they are borrowing more carefully than before.",
                "Fiona Ballantyne, chief executive, Calder & Finch",
            ),
            (
                "p",
                "The bank raised its interim dividend by 10% and said it would buy back "
                "£150m of shares. Its shares rose 4.2% in morning trading.",
            ),
            (
                "p",
                "Unions criticised plans announced alongside the results to close 18 "
                "branches next year, saying rural customers would be left without "
                "face-to-face services.",
            ),
        ],
    },
    {
        "slug": "inflation-eases-to-two-year-low",
        "status": "PUBLISHED",
        "headline": "Inflation eases to 2.3%, its lowest level in two years",
        "dek": (
            "Cheaper fuel and smaller rises in food prices pulled the annual rate down from "
            "2.9%, raising hopes of an interest rate cut."
        ),
        "section": "business",
        "tags": ["economy", "inflation", "interest-rates"],
        "authors": ["priya-castellanos"],
        "byline_role": "Analysis",
        "dateline": "London, UK",
        "hours_ago": 21.5,
        "lead": {
            "caption": "Shoppers at a covered market in south London on Wednesday morning.",
            "credit": "Harbourline Press",
            "alt": "People browse fruit and vegetable stalls under a high glass roof.",
            "hue": 90,
            "motif": "crowd",
        },
        "body": [
            (
                "p",
                "Inflation fell to 2.3% in the year to last month, down from 2.9% the month "
                "before and the lowest rate in two years, according to official figures "
                "published on Wednesday.",
            ),
            (
                "p",
                "Petrol prices fell by 4p a litre over the month, while food inflation slowed "
                "to 1.8%. Services inflation, watched closely by the central bank, eased to "
                "3.9% from 4.4%.",
            ),
            (
                "image",
                "A chart of annual consumer price inflation over the past five years.",
                "Meridian Images",
                200,
                "chart",
            ),
            (
                "p",
                "Economists said the figures made an interest rate cut next month more "
                "likely. 'The last obstacle was services inflation, and that is now moving "
                "the right way,' said Tomasz Wierzba, chief economist at Halden Partners.",
            ),
            ("pull", "Prices are still about a fifth higher than they were four years ago."),
            (
                "p",
                "Consumer groups warned that lower inflation did not mean lower prices. "
                "The full release is on the [statistics office site]"
                "(https://stats.example.org/cpi/latest).",
            ),
        ],
    },
    {
        "slug": "battery-factory-brings-1200-jobs-to-lowfield",
        "status": "PUBLISHED",
        "headline": "Battery factory to bring 1,200 jobs to former colliery town",
        "dek": (
            "Voltaris Cells will build a £900m plant on the site of the old Lowfield pit, "
            "with production due to start in 2027."
        ),
        "section": "business",
        "tags": ["jobs", "energy", "manufacturing"],
        "authors": ["priya-castellanos", "daniel-achterberg"],
        "byline_role": None,
        "dateline": "Lowfield, UK",
        "hours_ago": 58.0,
        "lead": {
            "caption": (
                "The former Lowfield colliery site, where Voltaris Cells plans to build its "
                "battery plant."
            ),
            "credit": "Photo by Callum Reade/Northlight Agency via Wirestream",
            "alt": (
                "A wide expanse of flat, scrubby ground with an old brick winding house on "
                "the horizon."
            ),
            "hue": 75,
            "motif": "field",
        },
        "body": [
            (
                "p",
                "A battery manufacturer will build a £900m factory on the site of a former "
                "coal mine in Lowfield, creating 1,200 jobs in a town where the pit closed "
                "more than 30 years ago.",
            ),
            (
                "p",
                "Voltaris Cells said the plant would make batteries for buses and delivery "
                "vans, with capacity to supply about 150,000 vehicles a year.",
            ),
            (
                "quote",
                "My grandfather went down that pit. My son might end up building "
                "batteries on the same ground. There is something right about that.",
                "Joan Hartlebury, Lowfield town councillor",
            ),
            (
                "p",
                "The company will receive £120m in government support, conditional on "
                "meeting hiring targets, according to the business department.",
            ),
            (
                "p",
                "Voltaris chief executive Anders Kjellberg said about 400 of the jobs would "
                "be apprenticeships run with Lowfield College.",
            ),
            ("related", "READ:", "city-trials-floating-solar-on-reservoir"),
        ],
    },
    {
        "slug": "port-strike-delays-container-shipments",
        "status": "PUBLISHED",
        "headline": "Port strike leaves 40 container ships waiting off Saltmere",
        "dek": (
            "Dockworkers walked out for a second week over pay, and retailers warn of empty "
            "shelves if the dispute drags on."
        ),
        "section": "business",
        "tags": ["trade", "strikes", "jobs"],
        "authors": ["tobias-lindqvist"],
        "byline_role": None,
        "dateline": "Saltmere, UK",
        "hours_ago": 96.0,
        "lead": {
            "caption": "Idle cranes over stacked containers at Saltmere's deep-water terminal.",
            "credit": "Coastline Photo Service",
            "alt": "Tall blue gantry cranes stand still above rows of red and grey containers.",
            "hue": 185,
            "motif": "water",
        },
        "body": [
            (
                "p",
                "About 40 container ships were anchored off Saltmere on Monday as a strike "
                "by dockworkers entered its second week, according to the port authority.",
            ),
            (
                "p",
                "The 1,900 workers are seeking a 9% pay rise. The terminal operator, Saltmere "
                "Gateway, has offered 5.5% plus a one-off payment of £1,000.",
            ),
            (
                "p",
                "The port normally handles about a third of the country's container traffic. "
                "Some ships have been diverted to other ports, adding up to a week to "
                "delivery times.",
            ),
            (
                "quote",
                "Toys, furniture and electronics for the autumn season are sitting in "
                "those boxes. Every day matters now.",
                "Beatrice Olawale, director, National Retail Association",
            ),
            ("p", "Talks at the conciliation service were due to resume on Wednesday."),
        ],
    },
    {
        "slug": "coffee-chain-founder-steps-down",
        "status": "PUBLISHED",
        "headline": "Bramble & Bean founder steps down after 22 years",
        "dek": (
            "Marguerite Olsen, who opened the first shop in a converted bike workshop, will "
            "hand over to chief operating officer Devika Rao."
        ),
        "section": "business",
        "tags": ["retail", "leadership"],
        "authors": ["priya-castellanos"],
        "byline_role": None,
        "dateline": "Manchester, UK",
        "hours_ago": 250.0,
        "lead": {
            "caption": "The original Bramble & Bean shop in Manchester's northern quarter.",
            "credit": "Photo by Nadia Fenn/Meridian Images via Wirestream",
            "alt": "A narrow red-brick cafe with bicycles leaning against its front window.",
            "hue": 22,
            "motif": "skyline",
        },
        "body": [
            (
                "p",
                "Marguerite Olsen, who founded the Bramble & Bean coffee chain in a converted "
                "bicycle workshop, will step down as chief executive at the end of the year, "
                "the company said on Monday.",
            ),
            (
                "p",
                "The chain now has 310 shops and employs about 4,800 people. Its annual "
                "revenue passed £290m last year.",
            ),
            (
                "p",
                "Olsen, 58, will be succeeded by chief operating officer Devika Rao, who "
                "joined the business in 2014 from a supermarket group.",
            ),
            (
                "pull",
                "'I opened the first shop with a second-hand machine and a loan from my "
                "aunt,' Olsen said.",
            ),
            (
                "p",
                "She will remain on the board as a non-executive director and keep her 18% "
                "stake in the company.",
            ),
        ],
    },
    {
        "slug": "small-business-loans-scheme-oversubscribed",
        "status": "PUBLISHED",
        "headline": "Small business loan scheme oversubscribed within a week",
        "dek": (
            "More than 14,000 firms applied for low-interest loans from a £500m fund that "
            "was expected to last until spring."
        ),
        "section": "business",
        "tags": ["economy", "small-business"],
        "authors": ["priya-castellanos"],
        "byline_role": None,
        "dateline": "London, UK",
        "hours_ago": 330.0,
        "lead": {
            "caption": "A bakery owner loads loaves into an oven before opening in Kestrel Falls.",
            "credit": "Pinewood Pictures",
            "alt": "A woman in an apron slides a wooden paddle of bread into a brick oven.",
            "hue": 35,
            "motif": "chart",
        },
        "body": [
            (
                "p",
                "A government-backed loan scheme for small businesses closed to new "
                "applications on Friday after receiving more than 14,000 bids in six days, "
                "the state-owned development bank said.",
            ),
            (
                "p",
                "The £500m fund offers loans of up to £150,000 at a fixed rate of 4% for "
                "firms with fewer than 50 employees. Officials had expected it to remain open "
                "until the spring.",
            ),
            (
                "quote",
                "Demand on this scale tells us that small firms still cannot get "
                "affordable credit from high street lenders.",
                "Rosalind Kettering, Federation of Independent Traders",
            ),
            (
                "p",
                "The development bank said it would process applications in the order they "
                "were received, and that about 4,000 firms were likely to be successful.",
            ),
            (
                "p",
                "Ministers said they would 'look carefully' at topping up the fund in the "
                "autumn statement.",
            ),
        ],
    },
    # --------------------------------------------------------------- climate
    {
        "slug": "heatwave-warnings-issued-for-southern-counties",
        "status": "PUBLISHED",
        "headline": "Amber heat warnings issued as temperatures head for 36C",
        "dek": (
            "Forecasters say the hottest days will be Thursday and Friday, and health officials "
            "have urged people to check on elderly neighbours."
        ),
        "section": "climate",
        "tags": ["heatwave", "health", "weather"],
        "authors": ["daniel-achterberg"],
        "byline_role": None,
        "dateline": "Ashford Vale, UK",
        "hours_ago": 3.5,
        "lead": {
            "caption": "Sunbathers crowd the riverbank in Ashford Vale on Tuesday afternoon.",
            "credit": "Photo by Ruth Penhaligon/Coastline Photo Service via Wirestream",
            "alt": "A grassy riverbank packed with people on towels under a hazy bright sky.",
            "hue": 45,
            "motif": "water",
        },
        "body": [
            (
                "p",
                "Amber heat health warnings have been issued for six southern counties, with "
                "temperatures forecast to reach 36C on Friday, the national weather service "
                "said on Tuesday.",
            ),
            (
                "p",
                "Overnight temperatures are not expected to fall below 21C in towns and "
                "cities, making it difficult for people to recover from daytime heat, "
                "according to forecaster Imogen Tate.",
            ),
            ("h", "How to stay safe"),
            (
                "list",
                [
                    "Keep curtains closed on windows that face the sun",
                    "Drink water regularly and avoid alcohol in the hottest hours",
                    "Check on older relatives and neighbours at least once a day",
                    "Never leave children or animals in parked cars",
                ],
            ),
            (
                "quote",
                "Heat is a quiet killer. Most of the people it harms are at home, alone, "
                "and nobody notices until it is too late.",
                "Dr Kwame Ellison, director of public health, Ashford Vale",
            ),
            (
                "p",
                "Ambulance services said they had added 40 extra crews for the weekend and "
                "asked people to call only in a genuine emergency. Last summer's hottest "
                "week saw calls rise by a quarter, according to the regional trust.",
            ),
            (
                "p",
                "Water companies asked customers to avoid using hosepipes and sprinklers, "
                "though no formal ban has been announced.",
            ),
            ("related", "READ:", "wildfire-smoke-closes-schools-in-calder-ridge"),
        ],
    },
    {
        "slug": "wildfire-smoke-closes-schools-in-calder-ridge",
        "status": "PUBLISHED",
        "headline": "Wildfire smoke closes schools across Calder Ridge",
        "dek": (
            "The Pinecrest fire has burned 18,000 acres, and air quality readings in the "
            "valley reached hazardous levels for a second day."
        ),
        "section": "climate",
        "tags": ["wildfire", "schools", "air-quality"],
        "authors": ["samuel-reyes-tan"],
        "byline_role": None,
        "dateline": "Calder Ridge, US",
        "hours_ago": 36.0,
        "lead": {
            "caption": "An orange sky hangs over Main Street in Calder Ridge on Wednesday.",
            "credit": "Harbourline Press",
            "alt": "A small-town street of low shops under a thick orange-brown haze.",
            "hue": 24,
            "motif": "skyline",
        },
        "body": [
            (
                "p",
                "All 23 public schools in the Calder Ridge district were closed on Wednesday "
                "as smoke from the Pinecrest wildfire pushed air quality readings into the "
                "hazardous range for a second day.",
            ),
            (
                "p",
                "The fire has burned about 18,000 acres of forest in the hills north of the "
                "town and was 15% contained, according to the state forestry service.",
            ),
            (
                "quote",
                "We cannot ask children to breathe this air on a playground. We will "
                "reopen as soon as the readings allow.",
                "Calder Ridge Unified School District statement",
            ),
            (
                "p",
                "Evacuation orders remain in place for about 1,100 homes in Hollow Creek and "
                "Fir Point. Fire officials said 12 buildings had been destroyed.",
            ),
            (
                "image",
                "Firefighters cut a break along a ridge above Hollow Creek.",
                "Photo by Dale Mercer/Harbourline Press via Wirestream",
                15,
                "field",
            ),
            (
                "p",
                "Forecasters expect winds to shift on Friday, which could clear the smoke "
                "from the valley but push the fire towards the Lone Pine reservoir.",
            ),
        ],
    },
    {
        "slug": "river-restoration-project-brings-back-salmon",
        "status": "PUBLISHED",
        "headline": "Salmon return to the River Brenn after weirs are removed",
        "dek": (
            "Volunteers counted 46 adult salmon above the old mill weir this autumn, the "
            "first recorded there in more than a century."
        ),
        "section": "climate",
        "tags": ["rivers", "wildlife", "conservation"],
        "authors": ["daniel-achterberg"],
        "byline_role": None,
        "dateline": "Brennock, UK",
        "hours_ago": 120.0,
        "lead": {
            "caption": "A salmon leaps at a riffle on the River Brenn, upstream of Brennock.",
            "credit": "Daniel Fairweather/Meridian Images",
            "alt": "A silver fish in mid-air above fast, shallow water flowing over stones.",
            "hue": 180,
            "motif": "water",
        },
        "body": [
            (
                "p",
                "Wild salmon have been recorded above Brennock for the first time in more "
                "than a century, two years after volunteers and engineers removed three "
                "weirs that had blocked the river since the 1800s.",
            ),
            (
                "p",
                "Counters using an underwater camera logged 46 adult fish passing the site "
                "of the old mill weir this autumn, according to the Brenn Rivers Trust.",
            ),
            (
                "pull",
                "'We thought we might see one or two in the first few years,' said the "
                "trust's ecologist.",
            ),
            (
                "p",
                "The £2.1m project also replanted 9km of riverbank with native trees to shade "
                "the water, which can become too warm for salmon in summer.",
            ),
            (
                "p",
                "Trust ecologist Morwenna Dale said the next goal was to confirm that fish "
                "were spawning in the upper river. 'Coming back is step one. Staying is "
                "what counts,' she said.",
            ),
            ("embed", "youtube", "https://www.youtube.com/watch?v=Bn3rW7kLp0Q"),
        ],
    },
    {
        "slug": "city-trials-floating-solar-on-reservoir",
        "status": "PUBLISHED",
        "headline": "Capital trials floating solar panels on drinking water reservoir",
        "dek": (
            "The 4.5 megawatt array will power the city's water treatment works and reduce "
            "evaporation from the reservoir."
        ),
        "section": "climate",
        "tags": ["energy", "solar", "water"],
        "authors": ["daniel-achterberg"],
        "byline_role": None,
        "dateline": "Canberra, Australia",
        "hours_ago": 190.0,
        "lead": {
            "caption": "Rows of floating solar panels on the Yarrabee reservoir.",
            "credit": "Photo by Leah Tran/Northlight Agency via Wirestream",
            "alt": "Dark blue solar panels mounted on floats covering part of a calm lake.",
            "hue": 215,
            "motif": "water",
        },
        "body": [
            (
                "p",
                "A 4.5 megawatt floating solar array has been switched on at the Yarrabee "
                "reservoir outside Canberra, the first of its kind on a drinking water supply "
                "in the territory, the city's water utility said.",
            ),
            (
                "p",
                "The 8,200 panels cover about 6% of the reservoir's surface and are expected "
                "to supply all the electricity needed by the nearby treatment plant during "
                "daylight hours.",
            ),
            (
                "p",
                "Engineers said the panels also shade the water, which could cut evaporation "
                "by up to 40 million litres a year, according to modelling by the utility.",
            ),
            (
                "quote",
                "Every litre we don't lose to the sun is a litre we don't have to pump "
                "from somewhere else.",
                "Priscilla Harwood, head of operations, Capital Water",
            ),
            (
                "p",
                "Water quality will be monitored for two years before a decision is made on "
                "extending the array.",
            ),
        ],
    },
    {
        "slug": "draft-coastal-erosion-long-read-embargoed",
        "status": "DRAFT",
        "headline": "DRAFT (embargoed): The village the sea is taking back, one garden at a time",
        "dek": (
            "Long read: Saltmere's cliff-top residents have lost 30 metres of land in a "
            "decade, and the defences that might save them will not come in time."
        ),
        "section": "climate",
        "tags": ["coastal-erosion", "flooding", "long-read"],
        "authors": ["daniel-achterberg"],
        "byline_role": None,
        "dateline": "Saltmere, UK",
        "hours_ago": 6.0,
        "lead": {
            "caption": "A garden fence hangs over the cliff edge at Saltmere's Cliff Road.",
            "credit": "Tomas Riel/Meridian Images",
            "alt": "A wooden fence dangles over a crumbling sandy cliff above a grey sea.",
            "hue": 40,
            "motif": "water",
        },
        "body": [
            ("p", "[EMBARGO: hold for the weekend edition. Photos still being edited.]"),
            (
                "p",
                "When Margaret Tolland moved to Cliff Road in 1987, there were two fields "
                "between her back door and the edge. Now there is a washing line.",
            ),
            (
                "p",
                "The cliffs at Saltmere have retreated by about 30 metres in ten years, "
                "according to survey data held by the district council.",
            ),
            ("p", "[TK: council response on relocation grants; Environment Agency figures.]"),
        ],
    },
    # ----------------------------------------------------------------- sport
    {
        "slug": "harlow-bay-mariners-clinch-playoff-spot",
        "status": "PUBLISHED",
        "headline": "Mariners clinch first playoff spot in 11 years with walk-off win",
        "dek": (
            "Rookie catcher Eli Santangelo's ninth-inning single sent a sell-out crowd at "
            "Bayside Park into celebration."
        ),
        "section": "sport",
        "tags": ["baseball", "playoffs", "harlow-bay"],
        "authors": ["ines-calloway"],
        "byline_role": None,
        "dateline": "Harlow Bay, US",
        "hours_ago": 15.0,
        "lead": {
            "caption": "Eli Santangelo is mobbed by team-mates after his game-winning single.",
            "credit": "Photo by Marcus Bell/Harbourline Press via Wirestream",
            "alt": "Baseball players in white uniforms pile onto one player near first base.",
            "hue": 110,
            "motif": "stadium",
        },
        "body": [
            (
                "p",
                "The Harlow Bay Mariners secured their first playoff place in 11 years on "
                "Sunday, beating the Port Linden Pilots 4-3 on a two-out single in the bottom "
                "of the ninth inning.",
            ),
            (
                "p",
                "Rookie catcher **Eli Santangelo** lined a 2-1 pitch into left field to score "
                "Andre Whitlock from second base, setting off celebrations among the 31,400 "
                "fans at Bayside Park.",
            ),
            (
                "quote",
                "I just tried not to think. The crowd was so loud I couldn't hear myself anyway.",
                "Eli Santangelo, Harlow Bay Mariners catcher",
            ),
            (
                "p",
                "Starter Tomas Ibarra allowed two runs in seven innings. The Pilots led 3-2 "
                "going into the eighth before a solo home run from Whitlock tied the game.",
            ),
            (
                "p",
                "Manager Delia Graves, in her second season, said the win was 'for everyone "
                "who kept buying tickets through the bad years'.",
            ),
            ("p", "The Mariners open the playoffs on the road next week."),
        ],
    },
    {
        "slug": "port-averell-united-sack-manager-after-cup-exit",
        "status": "PUBLISHED",
        "headline": "Port Averell United sack manager Keith Rowntree after cup exit",
        "dek": (
            "A 3-0 home defeat by fourth-tier Brennock Town was the club's seventh game "
            "without a win."
        ),
        "section": "sport",
        "tags": ["football", "port-averell"],
        "authors": ["ines-calloway"],
        "byline_role": None,
        "dateline": "Port Averell, UK",
        "hours_ago": 40.0,
        "lead": {
            "caption": "Keith Rowntree on the touchline during Saturday's defeat at Harbour Road.",
            "credit": "Pinewood Pictures",
            "alt": "A man in a dark coat stands with arms folded beside a football pitch.",
            "hue": 0,
            "motif": "stadium",
        },
        "body": [
            (
                "p",
                "Port Averell United have sacked manager Keith Rowntree after a 3-0 home "
                "defeat by Brennock Town knocked them out of the cup, the club said on "
                "Sunday.",
            ),
            (
                "p",
                "Rowntree, 49, was appointed 14 months ago and led the club to a ninth-place "
                "finish last season. United have not won in seven games and sit 19th in the "
                "table.",
            ),
            (
                "quote",
                "Keith has given everything to this club, and we thank him. But results "
                "have fallen well short and the board felt a change was necessary.",
                "Port Averell United statement",
            ),
            (
                "p",
                "First-team coach Lydia Marsh will take charge for next Saturday's league "
                "match at home to Calder Athletic.",
            ),
            (
                "p",
                "Brennock, who play three divisions lower, scored twice in the first 20 "
                "minutes through striker Cian Doherty.",
            ),
        ],
    },
    {
        "slug": "teenager-wins-national-cross-country-title",
        "status": "PUBLISHED",
        "headline": "Seventeen-year-old Aoife Brannigan wins senior national cross-country title",
        "dek": (
            "The schoolgirl from Kestrel Falls beat a field that included two former "
            "champions over a muddy 10km course."
        ),
        "section": "sport",
        "tags": ["athletics", "cross-country"],
        "authors": ["ines-calloway"],
        "byline_role": None,
        "dateline": "Brennock, UK",
        "hours_ago": 88.0,
        "lead": {
            "caption": "Aoife Brannigan crosses the line at Brennock Park on Saturday.",
            "credit": "Photo by Owen Carrick/Meridian Images via Wirestream",
            "alt": "A young runner with mud-splashed legs breaks a finishing tape on grass.",
            "hue": 100,
            "motif": "field",
        },
        "body": [
            (
                "p",
                "Aoife Brannigan, 17, became the youngest senior national cross-country "
                "champion in 40 years on Saturday, winning the women's 10km race at Brennock "
                "Park in 34 minutes 52 seconds.",
            ),
            (
                "p",
                "Brannigan, who is still at school in Kestrel Falls, pulled away on the final "
                "hill to finish 11 seconds ahead of two-time former champion Hollie Stavely.",
            ),
            ("pull", "'I was told to wait until the last hill, so I waited,' Brannigan said."),
            (
                "p",
                "Her coach, Derek Ormsby, said she would not be rushed into senior "
                "international races. 'She has exams in the summer. That comes first,' he "
                "said.",
            ),
            ("p", "The men's race was won by Farid Kassem in 30 minutes 14 seconds."),
        ],
    },
    {
        "slug": "city-marathon-to-reroute-after-bridge-closure",
        "status": "PUBLISHED",
        "headline": "Kestrel Falls marathon rerouted after bridge closed for repairs",
        "dek": (
            "Organisers say the new course avoids the Old Ferry Bridge and should be faster, "
            "with a flatter second half."
        ),
        "section": "sport",
        "tags": ["athletics", "transport"],
        "authors": ["ines-calloway", "samuel-reyes-tan"],
        "byline_role": None,
        "dateline": "Kestrel Falls, UK",
        "hours_ago": 110.0,
        "lead": {
            "caption": "Scaffolding covers the Old Ferry Bridge, closed for six months of repairs.",
            "credit": "Coastline Photo Service",
            "alt": "An arched stone bridge wrapped in scaffolding and white sheeting over a river.",
            "hue": 30,
            "motif": "water",
        },
        "body": [
            (
                "p",
                "The Kestrel Falls marathon will follow a new route this year after the Old "
                "Ferry Bridge was closed for six months of structural repairs, organisers "
                "said on Wednesday.",
            ),
            (
                "p",
                "Runners will now cross the river on the Victoria Road bridge at mile 14 and "
                "return along the eastern towpath, avoiding the steep climb to the cathedral "
                "that has troubled the field in past years.",
            ),
            (
                "quote",
                "We expect a lot of personal bests. The second half is almost pancake flat now.",
                "Naomi Fairchild, race director",
            ),
            (
                "p",
                "About 9,500 runners are registered. The race remains certified for "
                "qualifying times, the organisers said.",
            ),
            (
                "p",
                "The council said 34 roads would close on race morning and that bus diversions "
                "would be published a week before the event.",
            ),
            ("related", "READ:", "bus-drivers-vote-to-strike-over-shift-patterns"),
        ],
    },
    {
        "slug": "womens-rugby-side-unbeaten-in-league-season",
        "status": "PUBLISHED",
        "headline": "Millfield Vixens complete unbeaten league season with 48-10 win",
        "dek": (
            "Eighteen wins from eighteen matches make the Vixens the first side in the league "
            "to go through a season without defeat."
        ),
        "section": "sport",
        "tags": ["rugby", "womens-sport"],
        "authors": ["ines-calloway"],
        "byline_role": None,
        "dateline": "Millfield, UK",
        "hours_ago": 275.0,
        "lead": {
            "caption": "Millfield Vixens captain Tegan Morrow lifts the league trophy.",
            "credit": "Northlight Agency",
            "alt": "A rugby player in a purple shirt holds a silver trophy above her head.",
            "hue": 280,
            "motif": "stadium",
        },
        "body": [
            (
                "p",
                "Millfield Vixens finished the women's premier league season unbeaten on "
                "Saturday, beating Saltmere Harlequins 48-10 to record their 18th win from "
                "18 matches.",
            ),
            (
                "p",
                "Winger Jess Okoro scored three tries to take her season total to 21, a league "
                "record. A crowd of 6,200, the club's largest, watched at Vale Road.",
            ),
            (
                "quote",
                "We talked all week about not thinking about the record. Then we went "
                "out and thought about nothing else.",
                "Tegan Morrow, Millfield Vixens captain",
            ),
            (
                "p",
                "The Vixens scored 712 points and conceded 164 over the season. They host the "
                "play-off semi-final in a fortnight.",
            ),
            ("p", "Head coach Bryony Hale said the club would now push for a bigger stadium."),
        ],
    },
    {
        "slug": "tennis-qualifier-stuns-top-seed-in-straight-sets",
        "status": "PUBLISHED",
        "headline": "Qualifier ranked 212th stuns top seed in straight sets",
        "dek": (
            "Mateo Villaseñor needed three qualifying matches just to reach the main draw, "
            "then beat the favourite 6-4, 7-6 in the first round."
        ),
        "section": "sport",
        "tags": ["tennis"],
        "authors": ["ines-calloway"],
        "byline_role": None,
        "dateline": "Lisbon, Portugal",
        "hours_ago": 395.0,
        "lead": {
            "caption": "Mateo Villaseñor celebrates match point on the centre court in Lisbon.",
            "credit": "Photo by Rita Sequeira/Harbourline Press via Wirestream",
            "alt": "A tennis player kneels on a clay court with both fists clenched.",
            "hue": 18,
            "motif": "stadium",
        },
        "body": [
            (
                "p",
                "Mateo Villaseñor, a qualifier ranked 212th in the world, knocked out the top "
                "seed in the first round of the Lisbon Open on Monday, winning 6-4, 7-6.",
            ),
            (
                "p",
                "The 23-year-old saved all five break points he faced and won the tie-break "
                "7-3, finishing the match with a backhand winner down the line.",
            ),
            (
                "p",
                "Villaseñor, who had to win three qualifying matches to reach the main draw, "
                "said he had been sleeping on a friend's sofa to save money during the "
                "tournament.",
            ),
            ("pull", "'Maybe I can afford a hotel now,' he said, laughing."),
            (
                "p",
                "He will earn at least €18,000 for reaching the second round, more than he "
                "has won in prize money so far this year, according to tour records.",
            ),
        ],
    },
]
