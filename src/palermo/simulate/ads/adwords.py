"""Words that fill the slots of synthetic ads: places, jobs, names, streets, sites.

Cities are spelled as the offline gazetteer knows them (a test checks each one).
Company and person names are built from syllables, so no real business is named.
"""

from __future__ import annotations

import random

# Destination cities per language: (name as written, ISO country).
DESTINATIONS = {
    "en": [
        ("Paris", "FR"),
        ("Lyon", "FR"),
        ("London", "GB"),
        ("Manchester", "GB"),
        ("Birmingham", "GB"),
        ("Berlin", "DE"),
        ("Munich", "DE"),
        ("Hamburg", "DE"),
        ("Milan", "IT"),
        ("Rome", "IT"),
        ("Madrid", "ES"),
        ("Barcelona", "ES"),
        ("Dubai", "AE"),
        ("Abu Dhabi", "AE"),
        ("Sharjah", "AE"),
        ("Doha", "QA"),
        ("Riyadh", "SA"),
        ("Jeddah", "SA"),
        ("Istanbul", "TR"),
        ("Antalya", "TR"),
        ("Warsaw", "PL"),
        ("Athens", "GR"),
        ("Nicosia", "CY"),
        ("Limassol", "CY"),
        ("New York", "US"),
        ("Chicago", "US"),
        ("Toronto", "CA"),
        ("Tokyo", "JP"),
        ("Kuala Lumpur", "MY"),
        ("Bangkok", "TH"),
        ("Amsterdam", "NL"),
        ("Brussels", "BE"),
        ("Moscow", "RU"),
        ("Geneva", "CH"),
    ],
    "fr": [
        ("Paris", "FR"),
        ("Lyon", "FR"),
        ("Marseille", "FR"),
        ("Lille", "FR"),
        ("Toulouse", "FR"),
        ("Bordeaux", "FR"),
        ("Nantes", "FR"),
        ("Londres", "GB"),
        ("Bruxelles", "BE"),
        ("Liège", "BE"),
        ("Hambourg", "DE"),
        ("Berlin", "DE"),
        ("Munich", "DE"),
        ("Milan", "IT"),
        ("Rome", "IT"),
        ("Barcelone", "ES"),
        ("Madrid", "ES"),
        ("Dubaï", "AE"),
        ("Abou Dabi", "AE"),
        ("Doha", "QA"),
        ("Riyad", "SA"),
        ("Djeddah", "SA"),
        ("Istanbul", "TR"),
        ("Varsovie", "PL"),
        ("Moscou", "RU"),
        ("Montréal", "CA"),
        ("Toronto", "CA"),
    ],
}

# Where ads are posted (the ad's country, region of its phone numbers).
POSTING = {
    "en": [
        ("Bucharest", "RO"),
        ("Chisinau", "MD"),
        ("Kyiv", "UA"),
        ("Lagos", "NG"),
        ("Manila", "PH"),
        ("Accra", "GH"),
        ("Nairobi", "KE"),
        ("Kathmandu", "NP"),
        ("Dhaka", "BD"),
        ("Sofia", "BG"),
        ("Tirana", "AL"),
        ("Birmingham", "GB"),
    ],
    "fr": [
        ("Dakar", "SN"),
        ("Abidjan", "CI"),
        ("Douala", "CM"),
        ("Yaoundé", "CM"),
        ("Casablanca", "MA"),
        ("Tunis", "TN"),
        ("Kinshasa", "CD"),
        ("Port-au-Prince", "HT"),
        ("Antananarivo", "MG"),
        ("Bamako", "ML"),
        ("Lomé", "TG"),
        ("Cotonou", "BJ"),
    ],
}

SITES = [
    "jobs-abroad.example",
    "workaway-board.example",
    "classifieds-one.example",
    "petites-annonces.example",
    "emploi-monde.example",
    "gulfjobs.example",
    "au-pair-match.example",
    "studyplaces.example",
    "social-groups.example",
    "citylistings.example",
    "annonces-afrique.example",
    "seasonwork.example",
]

# Job nouns per category: (plural, "a/an ..." singular) in each language.
JOBS = {
    "en": {
        "hospitality": [
            ("waiters", "a waiter"),
            ("waitresses", "a waitress"),
            ("bartenders", "a bartender"),
            ("kitchen helpers", "a kitchen helper"),
        ],
        "cleaning": [("cleaners", "a cleaner"), ("housekeepers", "a housekeeper")],
        "domestic": [("domestic workers", "a domestic worker"), ("nannies", "a nanny")],
        "care": [("caregivers", "a caregiver"), ("care workers", "a care worker")],
        "agriculture": [("fruit pickers", "a fruit picker"), ("farm workers", "a farm worker")],
        "construction": [
            ("construction workers", "a construction worker"),
            ("welders", "a welder"),
            ("bricklayers", "a bricklayer"),
        ],
        "factory": [
            ("factory workers", "a factory worker"),
            ("warehouse workers", "a warehouse worker"),
            ("packers", "a packer"),
        ],
        "entertainment": [("dancers", "a dancer"), ("hostesses", "a hostess")],
        "driving": [("drivers", "a driver"), ("delivery drivers", "a delivery driver")],
    },
    "fr": {
        "hospitality": [
            ("serveurs", "serveur"),
            ("serveuses", "serveuse"),
            ("cuisiniers", "cuisinier"),
            ("plongeurs", "plongeur"),
        ],
        "cleaning": [
            ("agents d'entretien", "agent d'entretien"),
            ("femmes de ménage", "femme de ménage"),
        ],
        "domestic": [("employées de maison", "employée de maison"), ("nounous", "nounou")],
        "care": [
            ("aides-soignantes", "aide-soignante"),
            ("auxiliaires de vie", "auxiliaire de vie"),
        ],
        "agriculture": [("cueilleurs", "cueilleur"), ("ouvriers agricoles", "ouvrier agricole")],
        "construction": [
            ("maçons", "maçon"),
            ("soudeurs", "soudeur"),
            ("charpentiers", "charpentier"),
        ],
        "factory": [
            ("manutentionnaires", "manutentionnaire"),
            ("caristes", "cariste"),
            ("préparateurs de commandes", "préparateur de commandes"),
        ],
        "entertainment": [("danseuses", "danseuse"), ("hôtesses", "hôtesse")],
        "driving": [("chauffeurs", "chauffeur"), ("livreurs", "livreur")],
    },
}

TASKS = {
    "en": [
        "serving guests",
        "preparing drinks",
        "setting tables",
        "sorting goods",
        "loading lorries",
        "looking after elderly people",
        "picking strawberries",
        "helping in the kitchen",
        "tidying rooms",
        "labelling parcels",
        "pruning vines",
        "laying bricks",
        "driving small vans",
        "watering plants",
        "checking stock",
    ],
    "fr": [
        "le service en salle",
        "la préparation des boissons",
        "la mise en place",
        "le tri des colis",
        "le chargement des camions",
        "l'aide aux personnes âgées",
        "la cueillette des fraises",
        "l'aide en cuisine",
        "le rangement des chambres",
        "l'étiquetage des colis",
        "la taille des vignes",
        "la pose de briques",
        "la livraison en camionnette",
        "l'arrosage des serres",
        "le contrôle des stocks",
    ],
}

FIELDS = {
    "en": [
        "biology",
        "engineering",
        "business",
        "computer science",
        "tourism",
        "agronomy",
        "design",
    ],
    "fr": ["biologie", "ingénierie", "commerce", "informatique", "tourisme", "agronomie", "design"],
}
PEOPLE = {
    "en": ["Ukrainian", "Moldovan", "Filipino", "Nigerian", "Kenyan", "Nepali"],
    "fr": ["sénégalaises", "ivoiriennes", "camerounaises", "malgaches", "haïtiennes"],
}
LEGAL = {"en": ["Ltd", "LLC", "Inc"], "fr": ["SARL", "SAS"]}
STREETS = {
    "en": [
        "High Street",
        "Station Road",
        "Park Avenue",
        "Church Lane",
        "Mill Road",
        "King Street",
        "Victoria Road",
        "Market Square",
        "Bridge Street",
        "Oak Avenue",
    ],
    "fr": [
        "rue de la Paix",
        "avenue de la République",
        "rue Victor Hugo",
        "boulevard Voltaire",
        "rue du Commerce",
        "place de la Gare",
        "rue des Lilas",
        "quai des Brumes",
        "allée des Tilleuls",
        "chemin des Vignes",
    ],
}
AGENCY_WORDS = {
    "en": ["Staffing", "Recruitment", "Careers", "Consulting", "Workforce", "Placement"],
    "fr": ["Recrutement", "Emploi", "Conseil", "Intérim", "Placement", "Services"],
}

_ONSETS = [
    "b",
    "c",
    "d",
    "f",
    "g",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "z",
    "br",
    "cl",
    "tr",
    "st",
    "gr",
]
_VOWELS = ["a", "e", "i", "o", "u", "ia", "eo", "ou", "ai"]
_CODAS = ["", "", "n", "r", "s", "l", "x", "m"]


def brand(rng: random.Random, syllables: int = 3) -> str:
    """A made-up proper name, e.g. "Veloria"."""
    word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(syllables))
    return (word + rng.choice(_CODAS)).capitalize()


def address(rng: random.Random, lang: str, city: str) -> str:
    number = rng.randint(1, 220)
    if lang == "fr":
        return f"{number} {rng.choice(STREETS['fr'])}, {city}"
    return f"{number} {brand(rng, 2)} {rng.choice(STREETS['en']).split()[-1]}, {city}"


def licence_number(rng: random.Random, country: str) -> str:
    return f"{country}-{rng.randint(10000, 99999)}"
