"""Fictional name pools for the synthetic data generator: names people really carry, in their
native script where they have one, with the Latin spellings different systems and countries use.

Each entry is (native form or "", [Latin spellings]); the first spelling is the most common.
No combination refers to a real person.
"""

from __future__ import annotations

Names = tuple[tuple[str, tuple[str, ...]], ...]

ARABIC_MALE: Names = (
    ("محمد", ("Mohammed", "Muhammad", "Mohamed", "Mohammad", "Mohamad", "Muhammed", "Mehmet")),
    ("أحمد", ("Ahmed", "Ahmad", "Achmed", "Ahmet")),
    ("علي", ("Ali", "Aly", "Alee")),
    ("عمر", ("Omar", "Umar", "Omer")),
    ("يوسف", ("Youssef", "Yusuf", "Yousef", "Yousif", "Jusuf")),
    ("حسين", ("Hussein", "Husain", "Hussain", "Hossein", "Huseyin")),
    ("حسن", ("Hassan", "Hasan", "Hassen")),
    ("خالد", ("Khaled", "Khalid", "Chaled")),
    ("عبد الرحمن", ("Abdul Rahman", "Abdulrahman", "Abderrahmane", "Abdirahman", "Abdelrahman")),
    ("عبد الله", ("Abdullah", "Abdallah", "Abdullahi", "Abdulla")),
    ("إبراهيم", ("Ibrahim", "Ebrahim", "Ibrahima", "Brahim")),
    ("مصطفى", ("Mustafa", "Mostafa", "Moustafa")),
    ("سامر", ("Samer", "Samir", "Sameer")),
    ("كريم", ("Karim", "Kareem", "Karem")),
    ("رحيم", ("Rahim", "Raheem", "Rahem")),
    ("جاويد", ("Jawid", "Javed", "Javid", "Dschawid")),
    ("فريد", ("Farid", "Fareed", "Ferid")),
    ("حمزة", ("Hamza", "Hamzah", "Hamsa")),
    ("مهدي", ("Mehdi", "Mahdi", "Mahdy")),
    ("أيوب", ("Ayoub", "Ayub", "Ayoob", "Eyup")),
    ("بلال", ("Bilal", "Belal")),
    ("زكريا", ("Zakaria", "Zakariya", "Zakariyya")),
    ("سعيد", ("Said", "Saeed", "Saied")),
    ("نور الدين", ("Nuruddin", "Noureddine", "Nurudin")),
    ("عثمان", ("Osman", "Othman", "Uthman", "Usman")),
    ("إسماعيل", ("Ismail", "Esmail", "Ismael")),
    ("جمال", ("Jamal", "Djamel", "Gamal")),
    ("طارق", ("Tariq", "Tarek", "Tarik")),
    ("ياسين", ("Yassin", "Yasin", "Yacine")),
    ("صالح", ("Saleh", "Salih", "Salah")),
)
ARABIC_FEMALE: Names = (
    ("فاطمة", ("Fatima", "Fatema", "Fatemeh", "Fatma", "Fatoumata")),
    ("مريم", ("Maryam", "Mariam", "Meryem", "Mariama")),
    ("زهرا", ("Zahra", "Zahraa", "Sahra")),
    ("عائشة", ("Aisha", "Aicha", "Aysha", "Aissatou")),
    ("خديجة", ("Khadija", "Khadidja", "Hatice")),
    ("نور", ("Nour", "Noor", "Nur")),
    ("ليلى", ("Layla", "Leila", "Laila", "Leyla")),
    ("سارة", ("Sara", "Sarah")),
    ("أمينة", ("Amina", "Aminah", "Emine")),
    ("هبة", ("Heba", "Hiba", "Hibah")),
    ("رنا", ("Rana", "Ranaa")),
    ("سلمى", ("Salma", "Selma", "Salmah")),
    ("إيمان", ("Iman", "Imane", "Eman")),
    ("نرجس", ("Narges", "Nargis", "Narjis")),
    ("شبنم", ("Shabnam", "Schabnam", "Chabnam")),
    ("زينب", ("Zainab", "Zeinab", "Zaynab", "Seynab")),
    ("حليمة", ("Halima", "Halimah", "Halime")),
    ("سمية", ("Sumaya", "Soumaya", "Sumaiya", "Sumeyye")),
    ("رقية", ("Ruqaya", "Roukaya", "Rokia")),
    ("هدى", ("Huda", "Houda", "Hoda")),
)
ARABIC_FAMILY: Names = (
    ("أحمدي", ("Ahmadi", "Ahmady", "Achmadi")),
    ("رحيمي", ("Rahimi", "Rahimy", "Raheemi")),
    ("حيدري", ("Haidari", "Heydari", "Haydari", "Hajdari")),
    ("كريمي", ("Karimi", "Karimy", "Kareemi")),
    ("نوري", ("Nouri", "Noori", "Nuri")),
    ("محمدي", ("Mohammadi", "Muhammadi", "Mohamadi")),
    ("حسيني", ("Hosseini", "Husseini", "Hussaini")),
    ("الحسن", ("Al Hassan", "El Hassan", "Alhasan")),
    ("الخطيب", ("Al Khatib", "El Khatib", "Alkhateeb")),
    ("العلي", ("Al Ali", "El Ali", "Alali")),
    ("الحلبي", ("Al Halabi", "El Halabi", "Alhalaby")),
    ("الأحمد", ("Al Ahmad", "Al Ahmed", "Alahmad")),
    ("العمر", ("Al Omar", "El Omar", "Alomar")),
    ("الجبوري", ("Al Jabouri", "Al Jubouri", "Aljuboori")),
    ("الشمري", ("Al Shammari", "Al Chammari", "Alshamari")),
    ("صديقي", ("Sediqi", "Siddiqui", "Sadiqi")),
    ("عزيزي", ("Azizi", "Azizy", "Asisi")),
    ("قادري", ("Qaderi", "Kaderi", "Ghaderi")),
    ("يوسفي", ("Yousefi", "Yusufi", "Jusufi")),
    ("صافي", ("Safi", "Saafi", "Safy")),
    ("بن علي", ("Benali", "Ben Ali", "Bin Ali")),
    ("العمراني", ("El Amrani", "Al Amrani", "Elamrani")),
    ("الوزاني", ("Ouazzani", "El Ouazzani", "Wazani")),
    ("التازي", ("Tazi", "Ettazi", "At Tazi")),
)
SOMALI_FAMILY: Names = tuple(
    ("", (n,))
    for n in (
        "Farah", "Warsame", "Jama", "Hassan", "Abdi", "Ali", "Mohamed", "Ahmed", "Osman",
        "Yusuf", "Nur", "Aden", "Hussein", "Ibrahim", "Omar", "Ismail", "Abdullahi", "Mohamud",
    )
)  # fmt: skip
WEST_AFRICAN_FAMILY: Names = tuple(
    ("", (n,))
    for n in (
        "Diallo", "Barry", "Camara", "Bah", "Sow", "Balde", "Conde", "Toure", "Keita",
        "Sylla", "Kouyate", "Traore", "Cisse", "Soumah", "Kaba", "Diakite",
    )
)  # fmt: skip
WEST_AFRICAN_MALE: Names = tuple(
    ("", (n,))
    for n in (
        "Mamadou", "Ibrahima", "Alpha", "Ousmane", "Amadou", "Boubacar", "Sekou", "Mohamed",
        "Abdoulaye", "Oumar", "Thierno", "Lansana", "Moussa", "Sidiki", "Aboubacar",
    )
)  # fmt: skip
WEST_AFRICAN_FEMALE: Names = tuple(
    ("", (n,))
    for n in (
        "Fatoumata", "Mariama", "Aissatou", "Kadiatou", "Hawa", "Mariam", "Aminata",
        "Djenabou", "Hadja", "Oumou", "Ramatoulaye", "Adama", "Fanta", "Nene",
    )
)  # fmt: skip
NIGERIAN_MALE: Names = tuple(
    ("", (n,))
    for n in (
        "Chinedu", "Emeka", "Tunde", "Godwin", "Samuel", "Daniel", "Ifeanyi", "Oluwaseun",
        "Chukwuemeka", "Ibrahim", "Musa", "Victor", "Peter", "Joseph", "Uche", "Segun",
    )
)  # fmt: skip
NIGERIAN_FEMALE: Names = tuple(
    ("", (n,))
    for n in (
        "Blessing", "Amaka", "Funmilayo", "Precious", "Joy", "Mercy", "Chioma", "Ngozi",
        "Favour", "Esther", "Aisha", "Grace", "Adaeze", "Folake", "Gift", "Faith",
    )
)  # fmt: skip
NIGERIAN_FAMILY: Names = tuple(
    ("", (n,))
    for n in (
        "Okafor", "Adeyemi", "Eze", "Okonkwo", "Obi", "Nwosu", "Adebayo", "Ogunleye",
        "Ibrahim", "Bello", "Okoro", "Uchenna", "Balogun", "Okeke", "Afolabi", "Osagie",
    )
)  # fmt: skip
TIGRINYA_MALE: Names = (
    ("ዮሃንስ", ("Yohannes", "Yohanes", "Johannes", "Yohannis")),
    ("ሳምኤል", ("Samuel", "Samiel", "Samuael")),
    ("ዳዊት", ("Dawit", "Dawid", "Dawitt")),
    ("ሄኖክ", ("Henok", "Henock", "Enoch")),
    ("ተስፋይ", ("Tesfay", "Tesfai", "Tesfaye")),
    ("ምሕረትኣብ", ("Mihretab", "Mehretab", "Mhretab")),
    ("ፍሊሞን", ("Filmon", "Filimon", "Philemon")),
    ("ኣማኑኤል", ("Amanuel", "Emanuel", "Amanwel")),
    ("ሚኪኤል", ("Mikiel", "Michael", "Mikael")),
    ("ብሩክ", ("Biruk", "Bruk", "Birouk")),
    ("ሰመረ", ("Semere", "Samere", "Semre")),
    ("ኪዳነ", ("Kidane", "Kidanè", "Kidan")),
)
TIGRINYA_FEMALE: Names = (
    ("ሄለን", ("Helen", "Hellen", "Elen")),
    ("ሰላም", ("Selam", "Salam", "Selamawit")),
    ("ፍረወይኒ", ("Freweini", "Frewoini", "Fruweini")),
    ("ሳባ", ("Saba", "Sabah")),
    ("ሉዋም", ("Luwam", "Luam", "Lwam")),
    ("ዊንታ", ("Winta", "Wintana", "Vinta")),
    ("ሚልዮን", ("Milyon", "Million", "Milion")),
    ("ኤደን", ("Eden", "Edén", "Aden")),
    ("ሩታ", ("Ruta", "Rutha")),
    ("ሓጎስ", ("Hagos", "Hagosa")),
)
TIGRINYA_FAMILY: Names = (
    ("ተስፋይ", ("Tesfay", "Tesfai", "Tesfaye")),
    ("ገብረመድህን", ("Gebremedhin", "Gebremedin", "Ghebremedhin")),
    ("ሃብተ", ("Habte", "Habtè", "Habteh")),
    ("ኪዳነ", ("Kidane", "Kidan", "Kidanè")),
    ("ገብረሂወት", ("Gebrehiwet", "Ghebrehiwet", "Gebrehiwot")),
    ("ተወልደ", ("Tewolde", "Tewelde", "Teweldé")),
    ("ብርሃነ", ("Berhane", "Birhane", "Brhane")),
    ("ወልደሚካኤል", ("Woldemichael", "Weldemikael", "Woldemikael")),
    ("ዘርኣይ", ("Zerai", "Zeray", "Zerrai")),
    ("ሃይለ", ("Haile", "Hayle", "Hailé")),
    ("መብራህቱ", ("Mebrahtu", "Mebrahtom", "Mebratu")),
    ("ኣብርሃ", ("Abraha", "Abreha", "Abrha")),
)
# Cyrillic names are written in Cyrillic; their Latin forms come from transliteration systems.
CYRILLIC_FEMALE = (
    "Олена", "Юлія", "Анастасія", "Марія", "Софія", "Дарина", "Вікторія", "Катерина",
    "Ірина", "Наталія", "Ольга", "Тетяна", "Аліна", "Поліна", "Ксенія", "Анна",
)  # fmt: skip
CYRILLIC_MALE = (
    "Олександр", "Дмитро", "Андрій", "Максим", "Богдан", "Артем", "Сергій", "Микола",
    "Іван", "Юрій", "Олег", "Євген", "Віталій", "Михайло", "Денис", "Владислав",
)  # fmt: skip
CYRILLIC_FAMILY = (
    "Коваленко", "Шевченко", "Бондаренко", "Ткаченко", "Кравченко", "Мельник", "Олійник",
    "Шевчук", "Поліщук", "Бойко", "Ковальчук", "Савченко", "Руденко", "Марченко", "Лисенко",
    "Мороз", "Петренко", "Кузьменко", "Павленко", "Гончаренко",
)  # fmt: skip
ALBANIAN_FEMALE = ("Elira", "Jonida", "Blerta", "Klea", "Arta", "Ermira", "Dorina", "Fjolla")
ALBANIAN_MALE = ("Arben", "Besnik", "Dritan", "Ergys", "Altin", "Erion", "Gentian", "Kledi")
ALBANIAN_FAMILY = (
    "Hoxha", "Krasniqi", "Gashi", "Berisha", "Shehu", "Dervishi", "Leka", "Hysa", "Kola",
    "Basha", "Rama", "Cela", "Marku", "Gjoka",
)  # fmt: skip
ROMA_FEMALE = ("Roxana", "Denisa", "Florentina", "Esmeralda", "Ramona", "Mirela", "Bianca")
ROMA_MALE = ("Florin", "Marian", "Ionut", "Dorel", "Costel", "Nicusor", "Gabriel", "Sorin")
ROMA_FAMILY = (
    "Stoica", "Lacatus", "Rostas", "Caldararu", "Ciurar", "Boldea", "Dinca", "Varga", "Lingurar",
    "Stanescu", "Mihai", "Radu",
)  # fmt: skip
BENGALI_MALE: Names = (
    ("রহিম", ("Rahim", "Rohim", "Raheem")),
    ("করিম", ("Karim", "Korim", "Kareem")),
    ("সাকিব", ("Sakib", "Shakib", "Saqib")),
    ("তানভীর", ("Tanvir", "Tanveer", "Tanbir")),
    ("রাফি", ("Rafi", "Rafee", "Raffi")),
    ("আরিফ", ("Arif", "Aarif", "Areef")),
    ("মোহাম্মদ", ("Mohammad", "Md", "Muhammad", "Mohammed")),
    ("জাহিদ", ("Jahid", "Zahid", "Jaheed")),
)
BENGALI_FEMALE: Names = (
    ("সুমাইয়া", ("Sumaiya", "Sumaya", "Shumaiya")),
    ("তানিয়া", ("Tania", "Taniya", "Tanya")),
    ("নুসরাত", ("Nusrat", "Nushrat", "Nosrat")),
    ("ফারহানা", ("Farhana", "Farhanah", "Forhana")),
    ("মিম", ("Mim", "Meem")),
    ("সাদিয়া", ("Sadia", "Sadiya", "Shadia")),
)
BENGALI_FAMILY: Names = (
    ("হোসেন", ("Hossain", "Hossen", "Hussain", "Hosen")),
    ("ইসলাম", ("Islam", "Eslam")),
    ("আহমেদ", ("Ahmed", "Ahmad", "Ahammed")),
    ("রহমান", ("Rahman", "Rohman", "Rahaman")),
    ("উদ্দিন", ("Uddin", "Uddeen", "Udin")),
    ("চৌধুরী", ("Chowdhury", "Choudhury", "Chaudhuri")),
    ("মিয়া", ("Mia", "Miah", "Miya")),
    ("খান", ("Khan", "Kan")),
)
NICKNAMES: dict[str, tuple[str, ...]] = {
    "Mohammed": ("Hamoudi", "Moha", "Mo"),
    "Abdul Rahman": ("Abdu", "Rahman"),
    "Abdullah": ("Abdu", "Dula"),
    "Fatima": ("Fati", "Tima"),
    "Aisha": ("Aichou",),
    "Ibrahim": ("Brahim", "Ibro"),
    "Yohannes": ("Johnny", "Yoni"),
    "Oleksandr": ("Sasha", "Sashko"),
    "Dmytro": ("Dima",),
    "Yuliia": ("Yulia", "Yulya"),
    "Anastasiia": ("Nastia", "Nastya"),
    "Mariia": ("Masha",),
    "Mamadou": ("Madou",),
    "Fatoumata": ("Fatou", "Toumata"),
    "Oluwaseun": ("Seun",),
    "Chukwuemeka": ("Emeka",),
}


# Roots for the long tail of family names: real surname distributions have a few very common
# names and thousands of rare ones.
ARABIC_ROOTS: Names = (
    ("حداد", ("Haddad", "Hadad")),
    ("نجار", ("Najjar", "Nadjar", "Najar")),
    ("خياط", ("Khayyat", "Khayat", "Chayat")),
    ("عطار", ("Attar", "Atar")),
    ("زين", ("Zein", "Zain", "Zayn")),
    ("شامي", ("Shami", "Chami", "Schami")),
    ("مصري", ("Masri", "Masry", "Misri")),
    ("حموي", ("Hamawi", "Hamaoui", "Hamawy")),
    ("حمصي", ("Homsi", "Himsi", "Homsy")),
    ("ادلبي", ("Idlibi", "Edlibi")),
    ("شيخ", ("Sheikh", "Cheikh", "Shaikh")),
    ("سيد", ("Sayed", "Sayyid", "Said")),
    ("عبيد", ("Obeid", "Ubaid", "Obaid")),
    ("حلاق", ("Hallak", "Hallaq", "Halak")),
    ("دباغ", ("Dabbagh", "Debbagh", "Dabag")),
    ("صباغ", ("Sabbagh", "Sabag", "Sebbagh")),
    ("قصاب", ("Qassab", "Kassab", "Gassab")),
    ("جمال", ("Jamal", "Djamal", "Gamal")),
    ("رفاعي", ("Rifai", "Refai", "Rifaie")),
    ("زعبي", ("Zoubi", "Zuabi", "Zoabi")),
    ("مرعي", ("Marei", "Mari", "Marai")),
    ("حريري", ("Hariri", "Harire")),
    ("عساف", ("Assaf", "Asaf", "Essaf")),
    ("دروبي", ("Droubi", "Durubi", "Drobi")),
    ("كردي", ("Kurdi", "Kourdi", "Kurdy")),
    ("تركماني", ("Turkmani", "Torkmani")),
    ("بيطار", ("Bitar", "Baytar", "Beitar")),
    ("سقا", ("Saqqa", "Sakka", "Saka")),
    ("فاخوري", ("Fakhouri", "Fakhuri", "Fachouri")),
    ("طحان", ("Tahhan", "Tahan", "Tahhane")),
    ("نابلسي", ("Nabulsi", "Naboulsi", "Nablusi")),
    ("مولوي", ("Mawlawi", "Moulaoui", "Maulawi")),
    ("كاظمي", ("Kazemi", "Kadhimi", "Kazimi")),
    ("موسوي", ("Mousavi", "Musawi", "Moussaoui")),
    ("جعفري", ("Jafari", "Jaafari", "Djafari")),
    ("رضائي", ("Rezaei", "Rezai", "Rizai")),
    ("صادقي", ("Sadeghi", "Sadiqi", "Sadeqi")),
    ("هاشمي", ("Hashemi", "Hachemi", "Hashimi")),
    ("ناصري", ("Naseri", "Nasiri", "Nasseri")),
    ("امیری", ("Amiri", "Ameeri", "Emiri")),
    ("عثماني", ("Osmani", "Othmani", "Usmani")),
    ("ستانكزي", ("Stanikzai", "Stanekzai", "Stanakzai")),
    ("پوپلزی", ("Popalzai", "Popalzay", "Popalsai")),
    ("نورزی", ("Noorzai", "Nurzai", "Noorzay")),
    ("وردک", ("Wardak", "Wardag", "Vardak")),
    ("مومند", ("Mohmand", "Momand", "Muhmand")),
    ("شینواری", ("Shinwari", "Chinwari", "Shenwari")),
    ("یوسفزی", ("Yousafzai", "Yusufzai", "Yousufzai")),
)
UKRAINIAN_ROOTS = (
    "Бойч", "Гнат", "Данил", "Дорош", "Захар", "Зінч", "Карп", "Кирил", "Клим", "Кост",
    "Лук", "Мак", "Мирон", "Назар", "Остап", "Панас", "Паш", "Прокоп", "Різн", "Сав",
    "Семен", "Симон", "Степан", "Тимош", "Трох", "Фед", "Федор", "Харитон", "Юрч", "Яковл",
    "Гордій", "Демч", "Євтуш", "Заїч", "Ігнат", "Кушн", "Литвин", "Марк", "Мороз", "Ничипор",
)  # fmt: skip
UKRAINIAN_SUFFIXES = ("енко", "ук", "юк", "ич", "ишин", "ак")
TIGRINYA_ROOTS: Names = (
    ("ገብረ", ("Gebre", "Ghebre", "Gebrè")),
    ("ወልደ", ("Welde", "Wolde", "Weldè")),
    ("ሃብተ", ("Habte", "Habtè")),
    ("ተኽለ", ("Tekle", "Teklè", "Tecle")),
)
TIGRINYA_ENDINGS: Names = (
    ("ሚካኤል", ("mikael", "michael", "mikaiel")),
    ("ማርያም", ("mariam", "maryam", "meriam")),
    ("ሂወት", ("hiwet", "hiwot")),
    ("ስላሴ", ("selassie", "silasie", "sellasie")),
    ("ኣብ", ("ab",)),
    ("ጊዮርጊስ", ("giorgis", "ghiorghis", "georgis")),
    ("ሃይማኖት", ("haymanot", "haimanot")),
    ("ኢየሱስ", ("iyesus", "yesus", "eyesus")),
)
ABD_NAMES: Names = tuple(
    ("عبد " + native, (f"Abdul {latin.capitalize()}", f"Abdel{latin}", f"Abd al-{latin}",
                        f"Abdi{latin}", f"Abdul{latin}"))
    for native, latin in (
        ("الكريم", "karim"), ("الرحيم", "rahim"), ("العزيز", "aziz"), ("الحميد", "hamid"),
        ("المجيد", "majid"), ("اللطيف", "latif"), ("القادر", "qadir"), ("الواحد", "wahid"),
        ("الباسط", "basit"), ("الحكيم", "hakim"), ("الجليل", "jalil"), ("الملك", "malik"),
        ("الناصر", "nasir"), ("الرشيد", "rashid"), ("السلام", "salam"), ("الوهاب", "wahab"),
        ("الغني", "ghani"), ("الصمد", "samad"), ("الفتاح", "fattah"), ("الرزاق", "razzaq"),
    )
)  # fmt: skip

# The long tail of given names: compounds as they are formed, each with its spellings.
_ULLAH_ROOTS = (
    ("حبيب", "Habib"), ("احمد", "Ahmad"), ("رحمت", "Rahmat"), ("حمد", "Hamd"), ("ذبيح", "Zabih"),
    ("نقيب", "Naqib"), ("سميع", "Sami"), ("عزيز", "Aziz"), ("امان", "Aman"), ("نصر", "Nasr"),
    ("سيف", "Saif"), ("كريم", "Karim"), ("ولي", "Wali"), ("عصمت", "Esmat"), ("ظفر", "Zafar"),
)  # fmt: skip
_DIN_ROOTS = (
    ("نور", "Nur"), ("سيف", "Saif"), ("عز", "Izz"), ("صلاح", "Salah"), ("علاء", "Ala"),
    ("بهاء", "Baha"), ("شمس", "Shams"), ("جمال", "Jamal"), ("فخر", "Fakhr"), ("ضياء", "Ziya"),
)  # fmt: skip
_GHULAM = (
    ("سخي", "Sakhi"), ("حسين", "Hussain"), ("رسول", "Rasul"), ("نبي", "Nabi"), ("علي", "Ali"),
    ("حيدر", "Haidar"), ("سرور", "Sarwar"), ("فاروق", "Farooq"), ("محمد", "Mohammad"),
)  # fmt: skip
ARABIC_MALE_TAIL: Names = (
    tuple(
        (native + "الله", (f"{latin}ullah", f"{latin}ollah", f"{latin} Ullah", f"{latin}allah"))
        for native, latin in _ULLAH_ROOTS
    )
    + tuple(
        (native + " الدين", (f"{latin}uddin", f"{latin} al-Din", f"{latin}eddine", f"{latin}udin"))
        for native, latin in _DIN_ROOTS
    )
    + tuple(
        ("غلام " + native, (f"Ghulam {latin}", f"Gholam {latin}", f"Golam {latin}"))
        for native, latin in _GHULAM
    )
    + tuple(
        (native, spellings)
        for native, spellings in (
            ("وليد", ("Walid", "Waleed", "Oualid")), ("ماجد", ("Majid", "Maged", "Madjid")),
            ("نبيل", ("Nabil", "Nabeel")), ("هشام", ("Hisham", "Hicham", "Hesham")),
            ("رامي", ("Rami", "Ramy")), ("باسل", ("Basel", "Basil")),
            ("مازن", ("Mazen", "Mazin")), ("أنس", ("Anas", "Enes")),
            ("معاذ", ("Muath", "Moaz", "Mouad")), ("زيد", ("Zaid", "Zeid", "Zayd")),
            ("فيصل", ("Faisal", "Faysal", "Fayssal")), ("منصور", ("Mansour", "Mansur")),
            ("ناصر", ("Nasser", "Naser", "Nasir")), ("رشيد", ("Rashid", "Rachid", "Rasheed")),
            ("شريف", ("Sharif", "Cherif", "Sherif")), ("عادل", ("Adel", "Adil")),
            ("عماد", ("Imad", "Emad")), ("قاسم", ("Qasim", "Kassem", "Qassem")),
            ("هادي", ("Hadi", "Hady")), ("نعمان", ("Numan", "Noman", "Nouman")),
            ("سليمان", ("Suleiman", "Sulaiman", "Slimane")), ("داود", ("Dawood", "Daoud", "Davud")),
            ("يحيى", ("Yahya", "Yehia", "Yahia")), ("موسى", ("Musa", "Moussa", "Mousa")),
            ("عيسى", ("Isa", "Issa", "Eesa")), ("آدم", ("Adam", "Adem")),
            ("إلياس", ("Ilyas", "Elias", "Iliass")), ("شعيب", ("Shuaib", "Chouaib", "Shoaib")),
            ("جواد", ("Jawad", "Javad", "Djawad")), ("مرتضى", ("Murtaza", "Mortaza", "Mourtada")),
            ("رضا", ("Reza", "Rida", "Ridha")), ("مهدي", ("Mahdi", "Mehdi")),
            ("سجاد", ("Sajjad", "Sajad")), ("امير", ("Amir", "Ameer", "Emir")),
            ("شاه", ("Shah", "Chah")), ("نويد", ("Navid", "Naveed", "Nawid")),
            ("فرهاد", ("Farhad", "Ferhat")), ("بهرام", ("Bahram", "Behram")),
            ("سهراب", ("Sohrab", "Suhrab")), ("ميلاد", ("Milad", "Meelad")),
        )
    )
)  # fmt: skip
ARABIC_FEMALE_TAIL: Names = (
    ("ياسمين", ("Yasmin", "Yasmine", "Jasmin")), ("رحاب", ("Rehab", "Rihab")),
    ("ديما", ("Dima", "Deema")), ("لين", ("Leen", "Lin", "Line")), ("جنى", ("Jana", "Janna")),
    ("تالا", ("Tala", "Talaa")), ("غزل", ("Ghazal", "Gazal")), ("شيماء", ("Shaimaa", "Chaimae")),
    ("أسماء", ("Asma", "Asmaa", "Esma")), ("منى", ("Mona", "Muna")), ("دعاء", ("Duaa", "Doaa")),
    ("آية", ("Aya", "Ayah", "Aya")), ("رغد", ("Raghad", "Raghed")), ("بتول", ("Batoul", "Batul")),
    ("كوثر", ("Kawthar", "Kaoutar", "Kausar")), ("وفاء", ("Wafaa", "Wafa")),
    ("سناء", ("Sanaa", "Sana")), ("ملك", ("Malak", "Malek")), ("ريم", ("Reem", "Rim")),
    ("هاجر", ("Hajar", "Hadjer", "Hagar")), ("صفية", ("Safiya", "Safia", "Safiyya")),
    ("رابعة", ("Rabia", "Rabea", "Rabiaa")), ("پروانه", ("Parwana", "Parvaneh")),
    ("ستاره", ("Setara", "Sitara", "Setareh")), ("مژگان", ("Mozhgan", "Muzhgan")),
    ("فرشته", ("Fereshta", "Fereshteh", "Freshta")), ("گلالۍ", ("Gulalai", "Gulalei")),
    ("ملالی", ("Malalai", "Malali")), ("لیلما", ("Lailuma", "Leiluma")),
    ("حسنا", ("Husna", "Hosna", "Hasna")), ("سحر", ("Sahar", "Sehar")),
    ("مهتاب", ("Mahtab", "Mehtab")), ("نسرین", ("Nasrin", "Nesrine", "Nasreen")),
)  # fmt: skip

YORUBA_PREFIXES = ("Ade", "Olu", "Oluwa", "Ola", "Ayo", "Femi", "Bola", "Kayo", "Tolu", "Ibi")
YORUBA_SUFFIXES = ("yemi", "bayo", "wale", "kunle", "dele", "mide", "tunde", "seun", "dayo", "jide")
IGBO_PREFIXES = ("Chukwu", "Nwa", "Obi", "Eze", "Ifeanyi", "Chi", "Nnamdi", "Uche", "Ike", "Ebere")
IGBO_SUFFIXES = ("emeka", "nna", "ma", "ka", "dike", "nwa", "buike", "oma", "ebuka", "zor")
ALBANIAN_ROOTS = (
    "Gjon", "Lek", "Ber", "Hasan", "Rexh", "Mark", "Dod", "Pren", "Gjok", "Nik", "Zef", "Tom",
    "Kol", "Ded", "Pal", "Ndoc", "Mehmet", "Sali", "Ram", "Qerim",
)  # fmt: skip
ROMANIAN_ROOTS = (
    "Pop", "Ion", "Stan", "Radu", "Dumitr", "Marin", "Constantin", "Gheorghi", "Munteanu",
    "Vasil", "Mihail", "Lupu", "Dragom", "Cristi", "Nedel", "Tudor", "Barbu", "Neagu",
)  # fmt: skip

# Afghan tribes and Somali clans, which some registrations write in the family-name field of a
# child who has no family name (Latin spellings only: they are written as said).
AFGHAN_TRIBES: Names = (
    ("", ("Ahmadzai", "Ahmadzay", "Ahmedzai")),
    ("", ("Popalzai", "Popalzay", "Popalzi")),
    ("", ("Barakzai", "Barakzay", "Barekzai")),
    ("", ("Yusufzai", "Yousafzai", "Yousufzai")),
    ("", ("Mohmand", "Momand", "Mohmand")),
    ("", ("Safi", "Safee")),
    ("", ("Stanikzai", "Stanekzai", "Stanakzai")),
    ("", ("Alizai", "Alizay", "Alizei")),
    ("", ("Noorzai", "Nurzai", "Noorzay")),
    ("", ("Achakzai", "Achekzai", "Atsakzai")),
)
SOMALI_CLANS: Names = (
    ("", ("Hawiye", "Hawiie", "Hawiya")),
    ("", ("Darod", "Daarood", "Darood")),
    ("", ("Isaaq", "Isxaaq", "Ishaak")),
    ("", ("Dir", "Dirr")),
    ("", ("Rahanweyn", "Raxanweyn", "Reewin")),
    ("", ("Digil", "Digel")),
    ("", ("Mirifle", "Mirifleh")),
)
