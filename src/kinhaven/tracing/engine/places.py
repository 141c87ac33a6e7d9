"""Places of birth that go by more than one name: the Arabic, Persian or local name and the
names other languages give them (Halab and Aleppo, Muqdisho and Mogadishu, Dar el Beida and
Casablanca). Spellings of one name meet through its skeleton; different names need this list.

Each entry is one place, its names in any script. The list covers main towns of origin of
children arriving in Europe; places not in it compare by the skeleton of their first word.
"""

from __future__ import annotations

PLACES: tuple[tuple[str, ...], ...] = (
    # Afghanistan
    ("Kabul", "Kaboul", "کابل"),
    ("Herat", "Hirat", "هرات"),
    ("Mazar-i-Sharif", "Mazar-e Sharif", "Mazar Sharif", "Mazari Sharif", "مزار شریف"),
    ("Kandahar", "Qandahar", "Kandahār", "قندهار"),
    ("Jalalabad", "Dschalalabad", "جلال آباد"),
    ("Kunduz", "Qunduz", "Konduz", "کندز"),
    ("Ghazni", "Ghazna", "غزنی"),
    ("Khost", "Khowst", "Khust", "خوست"),
    ("Lashkar Gah", "Lashkargah", "Lashkar Gāh", "Bost", "لشکرگاه"),
    ("Maidan Shahr", "Maydan Shahr", "Meydan Shahr", "میدان شهر"),
    # Syria
    ("Aleppo", "Halab", "Alep", "حلب"),
    ("Homs", "Hims", "حمص"),
    ("Damascus", "Dimashq", "Damas", "Damaskus", "دمشق"),
    ("Idlib", "Idleb", "إدلب"),
    ("Raqqa", "Ar-Raqqah", "Rakka", "الرقة"),
    ("Deir ez-Zor", "Dayr az-Zawr", "Deir ez Zor", "دير الزور"),
    ("Hama", "Hamah", "Hamat", "حماة"),
    ("Latakia", "Lattakia", "Al-Ladhiqiyah", "Lattaquié", "اللاذقية"),
    ("Daraa", "Deraa", "Dar'a", "درعا"),
    ("Qamishli", "Al-Qamishli", "Kamishli", "Qamishlo", "Kamechliye", "القامشلي"),
    ("Hasakah", "Al-Hasakah", "Hassake", "Al-Hasaka", "الحسكة"),
    # Iraq
    ("Mosul", "Mossul", "Mawsil", "Mossoul", "الموصل"),
    ("Baghdad", "Bagdad", "بغداد"),
    ("Basra", "Basrah", "Bassora", "البصرة"),
    ("Kirkuk", "Kerkuk", "كركوك"),
    ("Erbil", "Arbil", "Hewler", "Hawler", "أربيل"),
    ("Najaf", "An-Najaf", "Al-Najaf", "النجف"),
    ("Sinjar", "Shingal", "Shengal", "Sindschar", "سنجار"),
    ("Ramadi", "Ar-Ramadi", "Al-Ramadi", "الرمادي"),
    # Eritrea and Ethiopia
    ("Asmara", "Asmera", "ኣስመራ", "أسمرة"),
    ("Keren", "Karen", "ከረን"),
    ("Massawa", "Mitsiwa", "Massaua", "ምጽዋዕ"),
    ("Addis Ababa", "Addis Abeba", "Finfinne", "ኣዲስ ኣበባ"),
    ("Agordat", "Akordat", "Akurdet", "ኣቑርደት"),
    ("Ghinda", "Ginda", "Ghindae", "ጊንዳዕ"),
    ("Nakfa", "Nacfa", "Nakfa", "ናቕፋ"),
    # Somalia
    ("Mogadishu", "Muqdisho", "Xamar", "Mogadiscio", "مقديشو"),
    ("Baidoa", "Baydhabo", "Baydabo"),
    ("Kismayo", "Kismaayo", "Chisimaio", "Kismaio"),
    ("Hargeisa", "Hargeysa"),
    ("Beledweyne", "Beledweyn", "Belet Weyne"),
    ("Galkayo", "Gaalkacyo", "Galcaio"),
    ("Burao", "Burco", "Bur'o"),
    ("Marka", "Merca", "Merka"),
    # Guinea and Nigeria
    ("Conakry", "Konakri", "Konakry"),
    ("Labé", "Labe"),
    ("Nzérékoré", "Nzerekore", "N'Zérékoré"),
    ("Benin City", "Benin", "Edo"),
    ("Warri",),
    ("Owerri",),
    # Bangladesh
    ("Sylhet", "Silet", "Srihatta", "সিলেট"),
    ("Dhaka", "Dacca", "ঢাকা"),
    ("Chittagong", "Chattogram", "চট্টগ্রাম"),
    ("Barisal", "Barishal", "বরিশাল"),
    # Morocco
    ("Tangier", "Tanger", "Tangiers", "Tanja", "Tandscha", "طنجة"),
    ("Casablanca", "Dar el Beida", "Dar al-Bayda", "Dar el-Beida", "الدار البيضاء"),
    ("Fes", "Fez", "Fès", "فاس"),
    ("Marrakesh", "Marrakech", "Marrakesch", "مراكش"),
    ("Oujda", "Ujda", "Oudschda", "وجدة"),
    ("Al Hoceima", "Alhucemas", "Al-Hoceima", "Al Husaymah", "الحسيمة"),
    ("Tetouan", "Tetuan", "Tétouan", "Tittawin", "تطوان"),
    # Ukraine
    ("Kharkiv", "Kharkov", "Charkiw", "Kharkiv", "Kharkif", "Харків", "Харьков"),
    ("Odesa", "Odessa", "Odesa", "Одеса", "Одесса"),
    ("Zaporizhzhia", "Zaporizhia", "Zaporozhye", "Saporischschja", "Zaporijia", "Zaporijjia",
     "Zaporizhzhya", "Запоріжжя", "Запорожье"),
    ("Mariupol", "Mariupil", "Marioupol", "Маріуполь", "Мариуполь"),
    ("Kyiv", "Kiev", "Kiew", "Kyjiw", "Київ", "Киев"),
    ("Mykolaiv", "Nikolaev", "Mykolajiw", "Миколаїв", "Николаев"),
    ("Kherson", "Cherson", "Херсон"),
    ("Dnipro", "Dnepr", "Dnipropetrovsk", "Dnjepr", "Дніпро", "Днепр"),
    ("Sumy", "Soumy", "Суми", "Сумы"),
    ("Poltava", "Poltawa", "Полтава"),
    ("Chernihiv", "Chernigov", "Tschernihiw", "Tchernihiv", "Чернігів", "Чернигов"),
    ("Bakhmut", "Bachmut", "Bakhmout", "Artemivsk", "Бахмут"),
    ("Kramatorsk", "Kramatorske", "Краматорськ", "Краматорск"),
    ("Melitopol", "Melitopil", "Мелітополь", "Мелитополь"),
    # Albania and Romania
    ("Shkodër", "Shkodra", "Shkoder", "Scutari"),
    ("Durrës", "Durres", "Durazzo"),
    ("Tirana", "Tiranë", "Tirane"),
    ("Bucharest", "București", "Bucuresti", "Bukarest"),
    ("Iași", "Iasi", "Jassy"),
)  # fmt: skip
