"""Invented name pools for the naming cultures of the simulated world.

Common given and family names of each culture, written the way a person of that
culture would write them; no entry refers to a real person. Cultures whose names
are written in another script list the native form in the pools and are rendered
to Latin letters by :mod:`palermo.simulate.scripts`; Arabic and Thai names carry
their romanisations explicitly, first the most common one, because one-to-one
transliteration tables do not produce the spellings agencies really use.
"""

from __future__ import annotations

from dataclasses import dataclass

from palermo.vocab.names import nicknames_of_culture


@dataclass(frozen=True)
class Culture:
    """Name pools of one naming culture.

    ``script`` says how names are rendered: ``latin`` (native Latin letters,
    variants drop diacritics), ``cyrillic_uk`` / ``cyrillic_ru`` (transliteration
    schemes), or ``explicit`` (each entry is ``native|Latin1|Latin2...``).
    ``family_first`` marks cultures that write the family name first, where
    agencies swap given and family names more often.
    """

    name: str
    script: str
    female: tuple[str, ...]
    male: tuple[str, ...]
    family: tuple[str, ...]
    family_first: bool = False

    @property
    def nicknames(self) -> dict[str, tuple[str, ...]]:
        """Native given name -> its diminutives, from the shared table in ``palermo.vocab``."""
        return nicknames_of_culture(self.name)


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split())


ENGLISH = Culture(
    "english",
    "latin",
    _split(
        "Emma Olivia Sophie Jessica Chloe Emily Lucy Hannah Amy Rebecca Laura Sarah "
        "Charlotte Megan Katherine Elizabeth"
    ),
    _split(
        "James Jack Thomas Daniel Joshua Liam Ryan Connor Michael David Matthew Samuel "
        "William Robert Christopher Anthony"
    ),
    _split(
        "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson "
        "Evans Walker White Roberts Green Hall Wood Jackson Clarke"
    ),
)

ROMANIAN = Culture(
    "romanian",
    "latin",
    _split(
        "Maria Elena Ioana Andreea Alexandra Mihaela Cristina Ana Gabriela Florentina "
        "Daniela Roxana Georgiana Larisa Bianca Ștefania"
    ),
    _split(
        "Ion Gheorghe Alexandru Andrei Mihai Constantin Florin Ionuț Marian Cristian "
        "Vasile Nicolae Ștefan Adrian Bogdan Costel"
    ),
    _split(
        "Popescu Popa Ionescu Dumitru Stan Stoica Gheorghe Rusu Munteanu Matei Constantin "
        "Șerban Mureșan Lungu Ciobanu Țurcanu Răducanu Diaconu Căpraru Bălan"
    ),
)

NIGERIAN = Culture(
    "nigerian",
    "latin",
    _split(
        "Blessing Joy Chioma Ngozi Funmilayo Adaeze Precious Folake Omolara Chiamaka "
        "Ifeoma Oluwaseun Temitope Bukola Esther Favour"
    ),
    _split(
        "Chinedu Emeka Oluwaseun Tunde Adebayo Ikechukwu Obinna Babatunde Olumide "
        "Chukwuemeka Segun Kelechi Femi Uchenna Godwin Samuel"
    ),
    _split(
        "Okafor Adeyemi Okonkwo Eze Nwosu Bello Okeke Adebayo Ogunleye Balogun Obi Ibrahim "
        "Nnamdi Olawale Akinola Chukwu Adeleke Uzor Ogbonna Osagie"
    ),
)

VIETNAMESE = Culture(
    "vietnamese",
    "latin",
    _split("Linh Hương Lan Ngọc Thảo Trang Mai Hoa Phương Thủy Hạnh Nhung Anh Yến Hằng Vy"),
    _split("Minh Tuấn Hùng Dũng Nam Long Hải Quang Thắng Phúc Khánh Việt Đức Hiếu Sơn Trung"),
    _split("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý"),
    family_first=True,
)

UKRAINIAN = Culture(
    "ukrainian",
    "cyrillic_uk",
    _split(
        "Олена Наталія Оксана Тетяна Юлія Ірина Анастасія Катерина Світлана Марія "
        "Людмила Галина Вікторія Яна Дарина Софія"
    ),
    _split(
        "Олександр Дмитро Сергій Андрій Володимир Михайло Юрій Іван Олег Віталій Богдан "
        "Тарас Микола Ігор Василь Максим"
    ),
    _split(
        "Шевченко Бондаренко Коваленко Ткаченко Кравченко Мельник Бойко Ковальчук "
        "Олійник Шевчук Поліщук Лисенко Марченко Руденко Савченко Петренко Гончаренко "
        "Кузьменко Мороз Павленко"
    ),
)

RUSSIAN = Culture(
    "russian",
    "cyrillic_ru",
    _split(
        "Елена Наталья Ольга Татьяна Юлия Ирина Анастасия Екатерина Светлана Мария "
        "Ксения Алёна Дарья Полина Валерия Анна"
    ),
    _split(
        "Александр Дмитрий Сергей Андрей Владимир Михаил Юрий Иван Алексей Евгений "
        "Николай Артём Максим Павел Игорь Роман"
    ),
    _split(
        "Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров "
        "Морозов Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Никитин"
    ),
)

# Explicit entries: native|usual romanisation|other romanisations.
ARABIC = Culture(
    "arabic",
    "explicit",
    (
        "فاطمة|Fatima|Fatma|Fatimah",
        "مريم|Maryam|Mariam|Meryem",
        "نور|Nour|Noor|Nur",
        "آية|Aya|Aaya|Ayah",
        "سارة|Sara|Sarah",
        "ليلى|Layla|Leila|Laila",
        "زينب|Zainab|Zeinab|Zaynab",
        "هدى|Huda|Houda|Hoda",
        "رنا|Rana|Ranaa",
        "أمينة|Amina|Aminah|Ameena",
        "خديجة|Khadija|Khadidja|Khadeeja",
        "سلمى|Salma|Selma",
    ),
    (
        "محمد|Mohammed|Muhammad|Mohamed|Mohamad",
        "أحمد|Ahmed|Ahmad|Ahmet",
        "علي|Ali|Aly",
        "عمر|Omar|Umar",
        "خالد|Khaled|Khalid|Chaled",
        "يوسف|Youssef|Yusuf|Yousef",
        "حسن|Hassan|Hasan",
        "إبراهيم|Ibrahim|Ebrahim|Brahim",
        "مصطفى|Mustafa|Moustafa|Mostafa",
        "عبدالله|Abdullah|Abdallah|Abdulla",
        "سعيد|Said|Saeed|Saied",
        "كريم|Karim|Kareem",
    ),
    (
        "الحسن|Al-Hassan|Alhassan|El Hassan|Hassan",
        "العلي|Al-Ali|Alali|El Ali",
        "منصور|Mansour|Mansur|Mansoor",
        "حداد|Haddad|Hadad",
        "خليل|Khalil|Khaleel|Halil",
        "الأحمد|Al-Ahmad|Alahmad|El Ahmed",
        "ناصر|Nasser|Nasir|Naser",
        "الشامي|Al-Shami|Alshami|Chami",
        "عبد الرحمن|Abdelrahman|Abdulrahman|Abd al-Rahman",
        "بن علي|Ben Ali|Benali|Bin Ali",
        "سليمان|Suleiman|Sulaiman|Slimane",
        "الخطيب|Al-Khatib|Alkhatib|El Khatib",
        "يوسف|Youssef|Yusuf|Yousef",
        "عثمان|Othman|Osman|Uthman",
    ),
)

THAI = Culture(
    "thai",
    "explicit",
    (
        "สุดา|Suda|Sooda",
        "มาลี|Mali|Malee",
        "นภา|Napha|Napa",
        "วิไล|Wilai|Wilai",
        "สมหญิง|Somying|Somyng",
        "ปราณี|Pranee|Prani",
        "อรุณี|Arunee|Aruni",
        "กนกวรรณ|Kanokwan|Kanokwun",
        "พิมพ์|Phim|Pim",
        "ศิริพร|Siriporn|Siriphon",
    ),
    (
        "สมชาย|Somchai|Somchay",
        "สมศักดิ์|Somsak|Somsakdi",
        "ประเสริฐ|Prasert|Prasoet",
        "อรุณ|Arun|Aroon",
        "วิชัย|Wichai|Vichai",
        "สุรชัย|Surachai|Surachay",
        "ธนากร|Thanakorn|Tanakorn",
        "อนุชา|Anucha|Anuchar",
        "ณัฐพล|Nattapon|Natthaphon",
        "ชัยวัฒน์|Chaiwat|Chaiwatt",
    ),
    (
        "แซ่ตั้ง|Saetang|Sae-Tang",
        "ศรีสุข|Srisuk|Sisuk",
        "วงศ์สวัสดิ์|Wongsawat|Vongsawat",
        "บุญมา|Boonma|Bunma",
        "ทองดี|Thongdee|Thongdi",
        "แก้วมณี|Kaewmanee|Kaeomani",
        "สุขใจ|Sukjai|Sukchai",
        "ใจดี|Jaidee|Chaidi",
        "พรหมมา|Phromma|Promma",
        "ศรีวงศ์|Sriwong|Siwong",
    ),
)

SPANISH = Culture(
    "spanish",
    "latin",
    _split(
        "María Guadalupe Dolores Rosario Concepción Carmen Ana Lucía Valentina Camila "
        "Daniela Sofía Paola Andrea Mariana Ximena"
    ),
    _split(
        "José Francisco Manuel Jesús Ignacio Alejandro Juan Carlos Luis Miguel Javier "
        "Andrés Sebastián Diego Santiago Jorge"
    ),
    # Spanish names carry two family names; pools.py pairs these.
    _split(
        "García Rodríguez González Fernández López Martínez Sánchez Pérez Gómez Díaz "
        "Hernández Ramírez Torres Flores Vargas Castillo"
    ),
)

CULTURES: dict[str, Culture] = {
    c.name: c
    for c in (ENGLISH, ROMANIAN, NIGERIAN, VIETNAMESE, UKRAINIAN, RUSSIAN, ARABIC, THAI, SPANISH)
}
