"""Hand-written word lists for the rule-based recognizer (written for this project, MIT).

These are general English-news cues (titles, organisation head nouns, demonyms, well-known
abbreviations), not names taken from any evaluation set.
"""

from __future__ import annotations


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``."""
    return frozenset(text.split())


#: Words that, directly before a name, make it a PERSON and are not part of it (lower case,
#: without a trailing dot). Multi-word titles are built from these plus TITLE_MODIFIERS.
TITLE_HEADS = word_set(
    """
    mr mrs ms miss mx dr prof professor sir dame lord lady madam monsieur mme herr
    president vice-president premier chancellor minister secretary secretary-general
    undersecretary under-secretary ambassador envoy consul senator sen rep representative
    congressman congresswoman assemblyman assemblywoman councillor councilman councilwoman
    councilor alderman gov governor lt-gov mayor king queen prince princess emperor empress
    sultan emir sheikh sheik shah tsar czar pope patriarch cardinal archbishop bishop rev
    reverend father pastor rabbi imam ayatollah mullah cleric chief chairman chairwoman
    chairperson chair ceo cfo coo cto founder director commissioner spokesman spokeswoman
    spokesperson judge justice magistrate prosecutor attorney sheriff inspector superintendent
    detective officer constable general gen colonel col lieutenant lt major maj captain capt
    commander cmdr admiral adm sergeant sgt corporal cpl private pvt marshal field-marshal
    brigadier commodore coach manager striker defender midfielder goalkeeper keeper forward
    captain skipper champion president-elect leader speaker deputy dean provost rector
    chancellor-elect premier-elect doctor nurse saint st crown grand
    """
)

#: Words that may come between/before title heads: "Foreign Minister", "Deputy Prime Minister".
TITLE_MODIFIERS = word_set(
    """
    foreign defence defense interior home finance economy economic trade justice health
    education energy environment culture agriculture transport transportation labor labour
    industry commerce treasury state prime first deputy vice acting former interim assistant
    associate executive managing senior junior chief supreme general attorney special top
    lord high grand crown de facto presidential royal military national security intelligence
    majority minority opposition party house senate parliamentary regional provincial
    federal city county district mayoral gubernatorial former-president nato un eu
    """
)

#: "Secretary of State", "Minister of Defence": after these heads "of" + one or two
#: capitalised words is still the title.
TITLE_OF_HEADS = frozenset(
    {"secretary", "minister", "ministers", "chancellor", "governor", "mayor", "king", "queen"}
)
TITLE_OF_HEADS_MORE = frozenset(
    {"president", "prince", "princess", "prime", "duke", "duchess", "chief", "head", "director"}
)

#: Lower-case words that, directly before a capitalised run, mark a PERSON ("striker Igor X").
PERSON_ROLE_WORDS = word_set(
    """
    mr mrs ms dr president minister secretary spokesman spokeswoman spokesperson chairman
    chairwoman ceo founder director senator governor mayor ambassador envoy judge prosecutor
    lawyer attorney striker defender midfielder goalkeeper keeper forward coach manager captain
    skipper player champion leader chief officer commander general analyst economist professor
    author writer singer actor actress artist president-elect premier chancellor king queen
    prince princess pope cardinal bishop rabbi imam cleric colleague counterpart candidate
    challenger incumbent rival opponent veteran teammate winger batsman bowler pitcher
    quarterback driver rider cyclist jockey trainer boxer runner sprinter swimmer seed
    husband wife son daughter brother sister father mother uncle aunt cousin nephew niece
    widow widower fiancee fiance girlfriend boyfriend
    """
)

#: Verbs that, directly after a capitalised run, suggest a PERSON ("X said").
PERSON_AFTER_VERBS = word_set(
    """
    said says told tells added adds asked asks warned warns wrote writes argued argues
    insisted insists explained explains noted notes stressed stresses urged urges claimed
    claims denied denies admitted admits recalled recalls replied replies answered
    believes believed thinks thought declared declares announced announces
    """
)

#: Head nouns that make a capitalised run an ORG (lower case).
ORG_KEYWORDS = word_set(
    """
    ministry ministries department dept party parties bank banks inc inc. corp corp.
    corporation co co. ltd ltd. llc plc ag gmbh sa nv bv spa oao ooo pjsc ojsc jsc
    group holding holdings council organization organisation organizations alliance
    union association federation committee commission agency agencies authority institute
    institution university universitat universite college school academy foundation fund
    trust society club fc afc cf sc united rovers athletic athletico wanderers albion
    hotspur airlines airline airways motors industries bureau office service services court
    parliament congress senate assembly duma knesset bundestag government administration
    army navy forces force police guard command corps times post news journal herald press
    network television tv radio broadcasting telegraph gazette tribune exchange board cabinet
    church hospital museum company companies forum movement front coalition league team
    brigade battalion regiment centre center laboratories labs systems technologies
    petroleum oil securities capital partners communications telecom pharmaceuticals
    pharma enterprises ventures brands stores studios records pictures entertainment
    media publishing newspapers magazine review observer guardian mirror standard express
    reporter chronicle monitor dispatch insider daily weekly review agency party's
    conference secretariat directorate inspectorate prosecutor's railways railway
    shipping logistics insurance assurance bancorp bankshares financial investments
    foundation institute laboratory ensemble orchestra choir band brotherhood
    commonwealth federation's programme programmes initiative
    """
)

#: Known organisations written as one token (acronyms and single words); matched case-sensitively
#: except for the acronym case-folding rule ("Nato" -> NATO).
KNOWN_ORGS = word_set(
    """
    NATO UN EU OSCE IMF WHO WTO OPEC OECD ASEAN IAEA UNESCO UNICEF UNHCR UNRWA FIFA UEFA IOC
    ICC ICJ ECB FBI CIA NSA DHS DOJ DOD NASA FDA EPA SEC IRS CDC NIH FEMA ATF DEA NTSB FAA
    FCC FTC ICE TSA GOP DNC RNC BBC CNN NBC CBS ABC PBS NPR AP AFP Reuters Bloomberg TASS
    Interfax RIA Xinhua KGB FSB GRU SVR MI5 MI6 GCHQ NHS SBU KGB Hamas Hezbollah Taliban
    Kremlin Pentagon Gazprom Rosneft Lukoil Sberbank VTB Google Apple Microsoft Amazon
    Facebook Meta Twitter Tesla Boeing Airbus Toyota Volkswagen Siemens Samsung Huawei
    Alibaba Tencent Baidu Netflix Nvidia Intel IBM Oracle Shell BP ExxonMobil Exxon Chevron
    TotalEnergies Aramco Nokia Ericsson Sony Honda Nissan Hyundai Renault Fiat BMW
    Daimler Mercedes-Benz Volvo Uber Lyft Walmart Disney Pfizer Moderna AstraZeneca Novartis
    Roche Bayer BASF Unilever Nestle Nestlé Goldman JPMorgan Citigroup Citi Barclays HSBC
    UBS BNP SWIFT Eurostat Frontex Europol Interpol Wagner Bundesbank Fed Nasdaq
    Congress Senate Parliament Bundestag Duma Knesset Politburo Rada Verkhovna
    Wikileaks WikiLeaks OPCW IEA IRENA G7 G20 BRICS AUKUS
    Ofgem Ofcom Gazprombank Naftogaz Rosatom Roscosmos Aeroflot Transneft Novatek Yandex
    Telegram TikTok ByteDance YouTube Instagram WhatsApp Spotify OpenAI Anthropic
    Mossad Hamas Fatah PLO ANC IRA ETA PKK YPG ISIS ISIL Daesh Houthis
    """
)

#: Multi-word organisations everyone writes the same way (matched as token sequences).
KNOWN_ORG_PHRASES = (
    "White House",
    "United Nations",
    "European Union",
    "European Commission",
    "European Parliament",
    "European Council",
    "Security Council",
    "State Department",
    "Justice Department",
    "Defense Department",
    "Foreign Office",
    "Home Office",
    "Downing Street",
    "Wall Street",
    "Federal Reserve",
    "World Bank",
    "Red Cross",
    "Red Crescent",
    "Amnesty International",
    "Human Rights Watch",
    "Warsaw Pact",
    "African Union",
    "Arab League",
    "Supreme Court",
    "North Atlantic Treaty Organization",
    "World Health Organization",
    "World Trade Organization",
    "International Monetary Fund",
    "International Criminal Court",
    "Islamic State",
    "Al Qaeda",
    "al-Qaeda",
    "Associated Press",
    "New York Times",
    "Washington Post",
    "Wall Street Journal",
    "Financial Times",
    "Foreign Policy",
    "Capitol Hill",
    "Red Army",
    "Kremlin",
    "Labour Party",
    "Conservative Party",
    "Communist Party",
    "Democratic Party",
    "Republican Party",
)

#: Places that are not GPEs (regions, seas, mountains), or GPEs the geonames lists lack.
EXTRA_PLACES: dict[str, str] = {
    **dict.fromkeys(
        word_set(
            """
        Europe Asia Africa Eurasia Oceania Antarctica Arctic Antarctic Balkans Caucasus
        Scandinavia Siberia Crimea Donbas Donbass Sahara Sahel Mediterranean Atlantic Pacific
        Baltics Levant Maghreb Himalayas Alps Urals Gaza Kurdistan Transnistria
        Abkhazia Ossetia Chechnya Dagestan Kashmir Tibet Xinjiang Patagonia Balochistan
        Anatolia Bavaria Catalonia Flanders Wallonia Lapland Karabakh Sinai Negev Golan West
        West_Indies Caribbean Polynesia Melanesia Micronesia Benelux Indochina Mesopotamia
        """
        ),
        "LOC",
    ),
    **dict.fromkeys(
        word_set(
            """
        Middle_East Far_East Near_East Latin_America Central_America North_America
        South_America Central_Asia South_Asia Southeast_Asia East_Asia Eastern_Europe
        Western_Europe Central_Europe Northern_Europe Southern_Europe West_Bank Gaza_Strip
        Persian_Gulf Black_Sea Baltic_Sea Caspian_Sea Red_Sea North_Sea Sea_of_Azov
        South_China_Sea East_China_Sea Taiwan_Strait Horn_of_Africa Korean_Peninsula
        Arabian_Peninsula Indian_Ocean Pacific_Ocean Atlantic_Ocean Arctic_Ocean
        Nagorno-Karabakh Golan_Heights West_Africa East_Africa North_Africa Southern_Africa
        Sub-Saharan_Africa Silicon_Valley Asia-Pacific Indo-Pacific Kerch_Strait
        Strait_of_Hormuz Suez_Canal Panama_Canal
        """
        ),
        "LOC",
    ),
    **dict.fromkeys(
        word_set(
            """
        U.S. US USA U.S.A. America United_States_of_America U.K. UK Britain Great_Britain
        England Scotland Wales Northern_Ireland Holland Kyiv Kiev Kharkiv Kharkov Odesa
        Odessa Lviv Lvov Dnipro Mariupol Donetsk Luhansk Lugansk Sevastopol Kherson
        Zaporizhzhia Chernihiv Sumy Moscow Washington Beijing Peking Brussels Hague
        Czech_Republic Russian_Federation Soviet_Union USSR U.S.S.R. UAE U.A.E. DRC
        Ivory_Coast Burma Macedonia Belarus Byelorussia Moldavia Tehran Teheran Hong_Kong
        Taipei Riyadh Ankara Istanbul Jerusalem Tel_Aviv Ramallah Damascus Baghdad Kabul
        Islamabad New_Delhi Delhi Mumbai Bombay Tokyo Seoul Pyongyang Minsk Tbilisi Yerevan
        Baku Astana Tashkent Vilnius Riga Tallinn Warsaw Berlin Paris London Rome Madrid
        Lisbon Vienna Prague Budapest Bucharest Sofia Belgrade Zagreb Athens Stockholm Oslo
        Helsinki Copenhagen Dublin Amsterdam Geneva Zurich Bern Munich Davos Strasbourg
        Luxembourg Ottawa Canberra Wellington Brasilia Buenos_Aires Caracas Havana
        Mexico_City Bogota Lima Santiago Cairo Tripoli Tunis Algiers Rabat Nairobi
        Addis_Ababa Lagos Abuja Johannesburg Pretoria Cape_Town Khartoum Mogadishu
        Kinshasa Luanda Dakar Accra Hanoi Bangkok Jakarta Manila Kuala_Lumpur Singapore
        Dhaka Colombo Kathmandu Ulaanbaatar Beirut Amman Doha Dubai Abu_Dhabi Muscat
        Sanaa Aden Mosul Aleppo Idlib Raqqa Homs Kandahar Herat Crimea_Republic
        Transcarpathia Bakhmut Avdiivka Bucha Irpin Kramatorsk Sloviansk Mykolaiv Kursk
        Belgorod Bryansk Rostov St._Petersburg Saint_Petersburg Vladivostok Kaliningrad
        Grozny Sochi Volgograd Novosibirsk Yekaterinburg Kazan Murmansk
        Zaire Burma Rhodesia Yugoslavia Czechoslovakia Ceylon Siam East_Germany West_Germany
        East_Timor Rangoon Calcutta Madras Saigon Leningrad Stalingrad Bophuthatswana
        Ontario Quebec Alberta British_Columbia Manitoba Saskatchewan Nova_Scotia
        New_Brunswick Newfoundland Nunavut Yukon New_South_Wales Queensland Tasmania
        South_Australia Western_Australia Northern_Territory Bavaria Saxony Hesse
        Brandenburg Thuringia North_Rhine-Westphalia Lower_Saxony Baden-Wurttemberg Tyrol
        Lombardy Tuscany Sicily Sardinia Piedmont Veneto Campania Andalusia Galicia Basque
        Brittany Normandy Provence Corsica Alsace Punjab Sindh Khyber_Pakhtunkhwa Gujarat
        Maharashtra Kerala Tamil_Nadu Karnataka Bihar Uttar_Pradesh West_Bengal Assam
        Rajasthan Andhra_Pradesh Telangana Odisha Guangdong Sichuan Hubei Hunan Henan
        Shandong Zhejiang Jiangsu Fujian Yunnan Guangxi Hainan Tatarstan Bashkortostan
        Yakutia Karelia Kamchatka Sakhalin Chukotka Kuban Zaporizhzhia_Oblast
        Kharkiv_Oblast Donetsk_Oblast Luhansk_Oblast Kherson_Oblast Sonora Chihuahua
        Jalisco Oaxaca Chiapas Yucatan Sao_Paulo Rio_de_Janeiro Minas_Gerais Bahia Amazonas
        Kurdistan_Region Darfur Tigray Amhara Oromia Kivu Katanga Mindanao Luzon Java
        Sumatra Borneo Bali Papua Aceh Okinawa Hokkaido Kyushu Honshu Jeju Scotland
        """
        ),
        "GPE",
    ),
}

EXTRA_PLACES = {name.replace("_", " "): label for name, label in EXTRA_PLACES.items()}

#: Head nouns that make a capitalised run a LOC ("Black Sea", "Mount Everest").
LOC_KEYWORDS = word_set(
    """
    sea ocean river lake lakes mountains mountain mount mt gulf bay strait straits peninsula
    desert valley island islands isle isles coast canal basin plateau plain plains highlands
    lowlands delta glacier forest park reef cape channel archipelago
    """
)

#: Head nouns that make a capitalised run a GPE ("Kharkiv Oblast", "Orange County").
GPE_KEYWORDS = word_set(
    """
    oblast oblasts province provinces region county district state republic kingdom emirate
    emirates territory territories prefecture municipality city governorate canton krai
    """
)

#: Nationalities, religious and political groups (NORP); "_" joins words of one name.
_NORP_TEXT = """
    Afghan Afghans Albanian Albanians Algerian Algerians American Americans Andorran Angolan
    Angolans Argentine Argentinian Argentines Argentinians Armenian Armenians Australian
    Australians Austrian Austrians Azerbaijani Azerbaijanis Azeri Azeris Bahraini Bangladeshi
    Bangladeshis Belarusian Belarusians Belarussian Belgian Belgians Beninese Bolivian
    Bolivians Bosnian Bosnians Brazilian Brazilians British Briton Britons Bulgarian
    Bulgarians Burmese Burundian Cambodian Cambodians Cameroonian Cameroonians Canadian
    Canadians Chadian Chilean Chileans Chinese Colombian Colombians Congolese Croatian
    Croatians Croat Croats Cuban Cubans Cypriot Cypriots Czech Czechs Danish Dane Danes Dutch
    Dutchman Ecuadorian Ecuadorians Egyptian Egyptians Emirati Emiratis English Englishman
    Eritrean Eritreans Estonian Estonians Ethiopian Ethiopians European Europeans Fijian
    Filipino Filipinos Finnish Finn Finns French Frenchman Frenchmen Gabonese Georgian
    Georgians German Germans Ghanaian Ghanaians Greek Greeks Guatemalan Guinean Haitian
    Haitians Honduran Hungarian Hungarians Icelandic Icelander Indian Indians Indonesian
    Indonesians Iranian Iranians Iraqi Iraqis Irish Irishman Israeli Israelis Italian
    Italians Ivorian Jamaican Jamaicans Japanese Jordanian Jordanians Kazakh Kazakhs
    Kazakhstani Kenyan Kenyans Korean Koreans Kosovar Kosovars Kuwaiti Kuwaitis Kyrgyz
    Lao Laotian Latvian Latvians Lebanese Liberian Liberians Libyan Libyans Lithuanian
    Lithuanians Luxembourgish Macedonian Macedonians Malagasy Malawian Malaysian Malaysians
    Malian Maltese Mauritanian Mexican Mexicans Moldovan Moldovans Mongolian Mongolians
    Montenegrin Moroccan Moroccans Mozambican Namibian Nepalese Nepali New_Zealander
    Nicaraguan Nigerian Nigerians Nigerien Norwegian Norwegians Omani Pakistani Pakistanis
    Palestinian Palestinians Panamanian Paraguayan Persian Peruvian Peruvians Polish Pole
    Poles Portuguese Qatari Qataris Romanian Romanians Russian Russians Rwandan Rwandans
    Salvadoran Saudi Saudis Scottish Scot Scots Senegalese Serb Serbs Serbian Serbians
    Singaporean Slovak Slovaks Slovakian Slovene Slovenes Slovenian Somali Somalis
    South_African South_Africans Spanish Spaniard Spaniards Sri_Lankan Sudanese Swede Swedes
    Swedish Swiss Syrian Syrians Taiwanese Tajik Tajiks Tanzanian Thai Thais Tibetan
    Tibetans Togolese Tunisian Tunisians Turk Turks Turkish Turkmen Ugandan Ugandans
    Ukrainian Ukrainians Uruguayan Uzbek Uzbeks Venezuelan Venezuelans Vietnamese Welsh
    Yemeni Yemenis Zairean Zaireans Rhodesian Czechoslovak Yugoslavian Zambian Zimbabwean
    Zimbabweans Soviet Soviets Yugoslav Yugoslavs
    Asian Asians African Africans Arab Arabs Arabic Latin Latino Latinos Latina Hispanic
    Hispanics Caucasian Nordic Scandinavian Scandinavians Baltic Balkan Slavic Slav Slavs
    Anglo Anglo-Saxon Western Westerners Transatlantic Kurdish Kurd Kurds Pashtun Pashtuns
    Uighur Uighurs Uyghur
    Uyghurs Tatar Tatars Chechen Chechens Roma Berber Berbers Bedouin Bedouins Druze
    Sunni Sunnis Shia Shiite Shiites Shi'ite Alawite Alawites Muslim Muslims Moslem Moslems
    Islamic Islamist Islamists Christian Christians Catholic Catholics Protestant
    Protestants Orthodox Evangelical Evangelicals Anglican Anglicans Lutheran Methodist
    Baptist Baptists Mormon Mormons Jewish Jew Jews Hindu Hindus Buddhist Buddhists Sikh
    Sikhs Zionist Zionists Coptic Copts Maronite
    Democrat Democrats Democratic Republican Republicans Conservative Conservatives Tory
    Tories Labour Liberal Liberals Socialist Socialists Communist Communists Marxist
    Leninist Bolshevik Bolsheviks Nazi Nazis Fascist Fascists Green Greens Gaullist
    Peronist Chavista Sandinista Maoist Maoists Bolivarian Kremlin-backed Separatist
    Quebecois Texan Texans Californian Californians Floridian New_Yorker New_Yorkers
    Londoner Londoners Muscovite Muscovites Parisian Parisians Berliner Europhile
    Eurosceptic Eurosceptics Brexiteer Brexiteers Kiwi Kiwis Aussie Aussies Yankee Yankees
    """

#: Every NORP name as written in text ("New Zealander").
NORP_PHRASES = frozenset(w.replace("_", " ") for w in _NORP_TEXT.split())


#: Very common abbreviations and variants of countries and organisations -> canonical name.
#: Keys are compared after removing dots and case-folding, so "U.S.", "US", "U.S" all match.
ALIASES: dict[str, str] = {
    "us": "United States",
    "usa": "United States",
    "united states": "United States",
    "united states of america": "United States",
    "america": "United States",
    "uk": "United Kingdom",
    "united kingdom": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "un": "United Nations",
    "united nations": "United Nations",
    "eu": "European Union",
    "european union": "European Union",
    "nato": "NATO",
    "north atlantic treaty organization": "NATO",
    "north atlantic treaty organisation": "NATO",
    "ussr": "Soviet Union",
    "soviet union": "Soviet Union",
    "uae": "United Arab Emirates",
    "united arab emirates": "United Arab Emirates",
    "drc": "Democratic Republic of the Congo",
    "russian federation": "Russia",
    "russia": "Russia",
    "prc": "China",
    "dprk": "North Korea",
    "rok": "South Korea",
    "kiev": "Kyiv",
    "kyiv": "Kyiv",
    "kharkov": "Kharkiv",
    "odessa": "Odesa",
    "lvov": "Lviv",
    "lugansk": "Luhansk",
    "donbass": "Donbas",
    "peking": "Beijing",
    "bombay": "Mumbai",
    "teheran": "Tehran",
    "byelorussia": "Belarus",
    "holland": "Netherlands",
    "the netherlands": "Netherlands",
    "czechia": "Czech Republic",
    "imf": "International Monetary Fund",
    "international monetary fund": "International Monetary Fund",
    "who": "World Health Organization",
    "world health organization": "World Health Organization",
    "world health organisation": "World Health Organization",
    "wto": "World Trade Organization",
    "world trade organization": "World Trade Organization",
    "osce": "OSCE",
    "organization for security and cooperation in europe": "OSCE",
    "organization for security and co-operation in europe": "OSCE",
    "organisation for security and co-operation in europe": "OSCE",
    "organisation for security and cooperation in europe": "OSCE",
    "isis": "Islamic State",
    "isil": "Islamic State",
    "daesh": "Islamic State",
    "islamic state": "Islamic State",
    "al qaeda": "Al Qaeda",
    "al-qaeda": "Al Qaeda",
    "al-qaida": "Al Qaeda",
    "fed": "Federal Reserve",
    "federal reserve": "Federal Reserve",
    "ecb": "European Central Bank",
    "european central bank": "European Central Bank",
    "gop": "Republican Party",
    "ap": "Associated Press",
    "associated press": "Associated Press",
    "nyt": "New York Times",
    "new york times": "New York Times",
}

#: Given names outside the US census lists (written for this project): common in world news.
INTL_FIRST_NAMES = word_set(
    """
    Sergey Sergei Sergiy Serhiy Vladimir Volodymyr Dmitry Dmitri Dmytro Alexei Alexey Aleksei
    Oleksiy Oleksii Aleksandr Alexander Oleksandr Olexander Mikhail Mykhailo Nikolai Nikolay
    Mykola Yuri Yury Yuriy Igor Ihor Oleg Oleh Andrei Andrey Andriy Andrii Viktor Vitali
    Vitaly Vitaliy Pavel Pavlo Boris Ivan Ivanna Anatoly Anatoliy Gennady Yevgeny Yevgeniy
    Evgeny Valery Valeriy Vasily Vasyl Konstantin Kostiantyn Maxim Maksim Maksym Denis
    Denys Roman Ruslan Arseniy Arseny Petro Pyotr Leonid Grigory Stanislav Vyacheslav
    Yaroslav Bogdan Bohdan Taras Kirill Kyrylo Anton Artem Artyom Fyodor Fedir Ilya Illia
    Timur Rustam Ramzan Akhmat Dzhokhar Nursultan Kassym-Jomart Ilham Nikol Shavkat Emomali
    Alexander Aleksandar Aleksander Milos Slobodan Zoran Goran Dragan Milorad Zeljko
    Olena Olga Natalia Natalya Nataliya Tatiana Tatyana Yulia Yuliya Iryna Irina Svetlana
    Sviatlana Maria Mariya Anna Ekaterina Yekaterina Kateryna Valentina Lyudmila Ludmila
    Elena Yelena Oksana Marina Viktoria Veronika Daria Darya Ksenia Alina Galina Larisa
    Nadezhda Nadiya Zoya Vera Svitlana Halyna Lesia Ulyana Anastasia Anastasiia Sofia
    Mohammed Mohammad Muhammad Mohamed Mohamad Mehmet Mahmoud Mahmud Ahmed Ahmad Ali Hassan
    Hasan Hussein Husain Hossein Omar Umar Abdul Abdullah Abdallah Abdel Abdelaziz
    Abdulaziz Abu Khalid Khaled Walid Waleed Ibrahim Youssef Yousef Yusuf Mustafa Mostafa
    Karim Kareem Tariq Tarek Hamid Hamad Hamza Rashid Said Saeed Salman Faisal Fahd Nasser
    Bashar Hafez Recep Tayyip Mevlut Ekrem Kemal Erdal Ebrahim Hassan
    Javad Mohsen Ismail Ismael Jamal Samir Sami Nabil Fatima Fatma Aisha Ayesha Leila
    Layla Zainab Yasmin Yasmine Amina Nour Rania Malala Benazir Imran Nawaz Shehbaz Asif
    Narendra Rahul Amit Sonia Priya Raj Rajiv Sanjay Sunil Anil Vijay Ravi Arvind
    Manmohan Subrahmanyam Nirmala Smriti Yogi Mamata Ashok Suresh Ramesh Mahesh Deepak
    Pranab Indira Jawaharlal Krishna Shashi Piyush Rishi Akshata Kamala
    Shinzo Fumio Yoshihide Junichiro Naoto Yukio
    Taro Hiroshi Takashi Kenji Haruki Akira Yuki Koji Takeshi Hiroki Naomi Yoko Keiko
    Fumiko Shigeru Toshimitsu Yoshimasa Sanae
    Emmanuel Francois François Jean Pierre Jacques Nicolas Marine Michel Philippe Olivier
    Laurent Thierry Didier Dominique Christophe Sebastien Sébastien Benoit Benoît Gerald
    Gérald Edouard Édouard Bruno Gabriel Jean-Yves Jean-Luc Jean-Marie Jean-Claude Ségolène
    Segolene Anne Sylvie Brigitte Valérie Valerie Helene Hélène Cecile Cécile
    Olaf Angela Annalena Friedrich Wolfgang Jurgen Jürgen Gerhard Helmut Horst Heiko
    Christian Christine Ursula Frank-Walter Markus Hans Klaus Dieter Heinz Manfred
    Norbert Armin Cem Robert Lars Boris Karl-Theodor Sigmar Peer Saskia Kevin Alice Sahra
    Mario Matteo Giorgia Silvio Sergio Giuseppe Luigi Romano Enrico Paolo Antonio Carlo
    Giovanni Francesco Lorenzo Marco Massimo Fabio Gianni Alessandro Roberto Stefano
    Pedro Pablo Mariano Jose José Luis Luiz Inacio Inácio Jair Andres Andrés Manuel Juan
    Carlos Miguel Alberto Javier Felipe Gustavo Nicolas Nicolás Hugo Evo Rafael Cristina
    Dilma Michelle Claudia Xiomara Gabriel Alejandro Ernesto Fidel Raul Raúl Nayib
    Santiago Rodrigo Diego Sergio Fernando Guillermo Ricardo Eduardo Ximena
    Mateusz Andrzej Jaroslaw Jarosław Donald Radoslaw Radosław Zbigniew Lech Tadeusz
    Viktor Peter Péter Janos János Ferenc Gergely Zoltan Zoltán Petr Milos Miloš Andrej
    Robert Zuzana Igor Klaus Vaclav Václav Karel Jiri Jiří Tomas Tomáš Ludovit
    Klaus Nicolae Traian Maia Gitanas Gabrielius Kaja Alar Kersti Krisjanis Krišjānis
    Egils Edgars Valdis Jens Mette Sanna Sauli Alexander Stefan Magdalena Ulf
    Jonas Erna Jonas Dag Ingrid Gro Mark Mette-Marit Jacinda Scott Anthony Malcolm Kevin
    Justin Chrystia Pierre Jagmeet Benjamin Yair Naftali Isaac Yitzhak Ehud Ariel Shimon
    Avigdor Gideon Moshe Yoav Benny Gadi Itamar Bezalel Mahmoud Yasser Ismail Yahya
    Abiy Uhuru William Cyril Jacob Thabo Nelson Paul Yoweri Muhammadu Bola Olusegun
    Goodluck Nana Macky Alassane Felix Félix Joseph Ellen George Kofi
    Antonio António Boutros Javier Jens Josep Charles Donald Ursula Thierry
    Margrethe Frans Kristalina Christine Jerome Janet Ngozi Tedros Rafael Volker
    """
)

#: Family names that come first in East Asian names ("Xi Jinping", "Kim Jong-un"); they
#: start a PERSON span and a later lone "Xi" resolves to the full name.
SURNAME_FIRST = word_set(
    """
    Xi Li Wang Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo
    Zheng Liang Xie Song Tang Deng Han Feng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang
    Yu Du Ye Cheng Wei Su Lu Ding Ren Shen Yao Jin Fu Mao Tsai Chiang Lai Kim Lee Park Choi
    Jung Kang Cho Yoon Jang Lim Han Shin Seo Kwon Hwang Ahn Song Moon Ko Nguyen Tran Le Pham
    Hoang Phan Vu Vo Dang Bui Do Ho Ngo Duong Ly
    """
)

#: Endings typical of surnames in news from Slavic, Nordic, Spanish, Italian and other
#: naming traditions (lower case). A capitalised unknown word ending so leans to PERSON.
SURNAME_SUFFIXES = (
    "ov",
    "ova",
    "ev",
    "eva",
    "enko",
    "chuk",
    "czuk",
    "yuk",
    "iuk",
    "sky",
    "skiy",
    "skyi",
    "skyy",
    "ski",
    "ska",
    "vich",
    "vić",
    "vic",
    "ić",
    "sson",
    "sen",
    "ovich",
    "evich",
    "ovic",
    "ovna",
    "evna",
    "shvili",
    "adze",
    "yan",
    "ian",
    "ez",
    "ini",
    "elli",
    "etti",
    "poulos",
    "opoulos",
    "akis",
    "escu",
    "oglu",
    "oğlu",
    "stein",
    "berg",
    "mann",
)

#: Endings typical of place names (lower case).
PLACE_SUFFIXES = (
    "stan",
    "burg",
    "bourg",
    "grad",
    "pol",
    "polis",
    "ville",
    "abad",
    "pur",
    "pore",
    "shire",
)

#: Sentence-initial capitalised words that never start a name (besides common words).
NEVER_NAME = word_set(
    """
    I I'm I've I'd I'll A An The This That These Those It Its He She We They You His Her
    Our Their My Your Mr Mrs Ms Dr Yes No Not Oh OK Okay Also And But Or Nor So Yet If
    When While Where Why How What Who Whom Whose Which Although Though Because Since Unless
    Until After Before During Despite Under Over Among Amid Amidst Between Against Without
    Within Across Along Around Through Throughout Toward Towards Upon Via Per Plus Minus
    Meanwhile However Moreover Furthermore Nevertheless Nonetheless Therefore Thus Hence
    Instead Indeed Still Then Now Here There Today Tomorrow Yesterday Tonight
    """
)
