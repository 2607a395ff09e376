"""Name tables for the smaller nationalities seen at the southwest border (RU, UA, RO, IN, …).

Same ``name:weight[:tags]`` format as ``names_hispanic``; given names are tagged F or M then the
country (alpha-2); ``Male|Female`` gives a surname's gendered forms (Ivanov|Ivanova, Singh|Kaur).
"""

from __future__ import annotations

# Smaller nationalities: one table each for given names (both sexes, tagged F or M) and surnames.
OTHER_GIVEN = """
Aleksandr:20:M RU
Dmitry:15:M RU
Sergey:15:M RU
Andrey:12:M RU
Alexey:12:M RU
Ivan:10:M RU
Maxim:10:M RU
Vladimir:8:M RU
Anna:15:F RU
Olga:12:F RU
Elena:15:F RU
Tatiana:12:F RU
Natalia:12:F RU
Irina:10:F RU
Svetlana:8:F RU
Ekaterina:10:F RU
Oleksandr:15:M UA
Andriy:12:M UA
Serhiy:12:M UA
Volodymyr:10:M UA
Mykola:8:M UA
Dmytro:10:M UA
Olena:12:F UA
Oksana:12:F UA
Iryna:10:F UA
Nataliya:10:F UA
Tetiana:8:F UA
Yuliya:8:F UA
Ion:15:M RO
Gheorghe:12:M RO
Constantin:10:M RO
Marian:10:M RO
Florin:10:M RO
Ionuț:8:M RO
Nicolae:8:M RO
Vasile:8:M RO
Maria:15:F RO
Elena:12:F RO
Ioana:10:F RO
Mihaela:8:F RO
Florentina:8:F RO
Georgiana:8:F RO
Nicoleta:8:F RO
Gurpreet:15:M IN
Harpreet:12:M IN
Manpreet:12:M IN
Jaspreet:10:M IN
Amandeep:10:M IN
Sandeep:10:M IN
Rajesh:8:M IN
Hardik:8:M IN
Jignesh:6:M IN
Sukhwinder:8:M IN
Priya:10:F IN
Harpreet:10:F IN
Manpreet:10:F IN
Simran:10:F IN
Komal:8:F IN
Pooja:8:F IN
Kiran:8:F IN
Mehmet:15:M TR
Mustafa:12:M TR
Ahmet:12:M TR
Hüseyin:8:M TR
İbrahim:8:M TR
Murat:8:M TR
Yusuf:8:M TR
Ayşe:12:F TR
Fatma:10:F TR
Zeynep:10:F TR
Elif:8:F TR
Hatice:6:F TR
Wei:12:M CN
Jun:10:M CN
Hao:8:M CN
Lei:8:M CN
Qiang:6:M CN
Fang:10:F CN
Jing:10:F CN
Xiaoyan:8:F CN
Min:8:F CN
James:10:M CA
Michael:10:M CA
David:8:M CA
Ryan:6:M CA
Sarah:10:F CA
Jennifer:8:F CA
Chloé:6:F CA
Emily:6:F CA
John Paul:8:M PH
Jerome:6:M PH
Rommel:6:M PH
Reynaldo:6:M PH
Mary Grace:8:F PH
Jocelyn:6:F PH
Rowena:6:F PH
Marites:6:F PH
Aung:10:M MM
Kyaw:10:M MM
Zaw:8:M MM
Aye:10:F MM
Thiri:8:F MM
Mamadou:15:M SN CM
Ousmane:12:M SN
Abdoulaye:10:M SN
Moussa:10:M SN
Ibrahima:10:M SN
Cheikh:8:M SN
Emmanuel:10:M CM
Serge:8:M CM
Fatou:12:F SN
Aminata:10:F SN CM
Awa:8:F SN
Aïssatou:8:F SN
Ndèye:8:F SN
Brigitte:8:F CM
Sandrine:8:F CM
"""

OTHER_SURNAMES = """
Ivanov|Ivanova:15:RU
Smirnov|Smirnova:12:RU
Kuznetsov|Kuznetsova:10:RU
Popov|Popova:10:RU
Volkov|Volkova:8:RU
Sokolov|Sokolova:8:RU
Petrov|Petrova:8:RU
Kovalenko:10:UA
Shevchenko:12:UA
Bondarenko:10:UA
Tkachenko:8:UA
Melnyk:10:UA
Boyko:8:UA
Kovalchuk:8:UA
Popescu:10:RO
Stan:8:RO
Dumitru:8:RO
Stoica:8:RO
Lăcătuș:8:RO
Căldăraru:6:RO
Moldovan:6:RO
Ciobanu:6:RO
Singh|Kaur:40:IN
Patel:20:IN
Shah:8:IN
Gill:6:IN
Sandhu:6:IN
Dhillon:5:IN
Sharma:5:IN
Kumar:6:IN
Yılmaz:12:TR
Kaya:10:TR
Demir:10:TR
Şahin:8:TR
Çelik:8:TR
Öztürk:6:TR
Aydın:6:TR
Wang:15:CN
Li:15:CN
Zhang:12:CN
Liu:10:CN
Chen:10:CN
Lin:8:CN
Zheng:6:CN
Smith:8:CA
Tremblay:8:CA
Martin:6:CA
Roy:6:CA
MacDonald:6:CA
O'Brien:5:CA
Gagnon:5:CA
dela Cruz:10:PH
Santos:8:PH
Reyes:8:PH
Bautista:6:PH
Garcia:6:PH
Aquino:5:PH
Htet:8:MM
Naing:8:MM
Oo:8:MM
Win:8:MM
Diallo:12:SN
Ndiaye:12:SN
Diop:10:SN
Fall:8:SN
Sow:8:SN
Gueye:6:SN
Ngono:8:CM
Mbarga:8:CM
Atangana:6:CM
Fotso:6:CM
Nkeng:6:CM
"""
