"""Name tables for Haitian, Brazilian and the smaller nationalities seen at the southwest border.

Same ``name:weight[:tags]`` format as ``names_hispanic``; ``Male|Female`` gives a surname's
gendered forms (Ivanov|Ivanova, Singh|Kaur). Tags here name the country (alpha-2).
"""

from __future__ import annotations

HAITIAN_FEMALE = """
Marie:120
Wislande:20
Rose-Merline:10
Nadège:15
Fabienne:15
Guerline:15
Jacqueline:15
Ketly:12
Rosemène:10
Widlène:10
Mirlande:15
Islande:10
Esther:15
Gladys:10
Sandy:12
Wendy:15
Marjorie:10
Dieula:10
Magalie:12
Fedna:8
Lovely:10
Roseline:10
Yolande:10
Myrlande:8
Mislande:8
Claudette:10
Marie-Carmel:12
Marie-Ange:12
Ginette:8
Mirline:8
Darline:10
Stéphanie:10
Kettia:8
Sherline:8
Nathalie:10
"""

HAITIAN_MALE = """
Jean:120
Dieudonné:15
Wilner:15
Wisly:12
Mackenson:15
Frantz:12
Jean-Robert:15
Jean-Claude:20
Wilfrid:10
Ronald:12
Stevenson:15
Peterson:12
Jameson:10
Junior:15
Jean-Pierre:15
Jean-Marc:12
Emmanuel:15
Fritz:10
Wilson:12
Jacques:10
Jocelyn:8
Marckenson:10
Woodly:10
Wesner:8
Mackendy:8
Lesly:10
Samuel:12
Joseph:15
Kervens:8
Berlens:6
Ernst:6
Pierre:15
Louis:10
Michel:8
"""

HAITIAN_SURNAMES = """
Jean-Baptiste:40
Pierre:60
Joseph:60
Jean:50
Louis:40
Charles:35
Pierre-Louis:20
Saint-Fleur:15
Saint-Louis:15
Jean-Louis:20
Étienne:15
Alexis:15
Michel:20
Augustin:12
Dorvil:10
Désir:10
Fils-Aimé:8
Lafortune:8
Bien-Aimé:8
Exantus:8
Thermidor:6
Paul:20
Noël:12
Théodore:10
Célestin:10
Mérilus:8
Delva:8
Jeune:8
Cadet:8
Dorélien:6
Baptiste:12
Toussaint:12
Romain:8
Valcin:6
François:15
Georges:12
Jacques:12
Simon:10
Benjamin:10
Saint-Hilaire:8
Saint-Jean:10
Jean-Charles:10
Petit-Frère:6
Florestal:6
Auguste:8
Casimir:8
Philippe:10
Estimé:8
Laguerre:6
Jean-Pierre:12
"""

# French (or Creole) spelling -> spellings heard and written down at a Mexican registration desk.
CREOLE_ALTERNATIONS = """
Jean:Jan Yan
Pierre:Pyè Pier
Joseph:Jozèf Yosef
Louis:Lwi Luis
Marie:Mari María
Michel:Michèl Miguel
Jacques:Jak
Charles:Chal Carlos
Dieudonné:Dyedone Dieudone
Étienne:Etyèn
Noël:Nowèl
Saint:Sen San
François:Franswa Francisco
Georges:Jòj Jorge
Paul:Pòl Pablo
Philippe:Filip Felipe
Jeune:Jèn
Baptiste:Batis Bautista
Wislande:Guislande Wuislande
Widlène:Wuidlène Guidlen
Wilner:Guilner
Mackenson:Makenson Mackenzon
Marckenson:Markenson
Mirlande:Mirland
Stevenson:Estevenson
Exantus:Exantis
"""

BRAZILIAN_FEMALE = """
Maria:150
Ana:80
Francisca:25
Antônia:20
Adriana:20
Juliana:25
Márcia:15
Fernanda:25
Patrícia:20
Aline:20
Sandra:15
Camila:25
Amanda:20
Bruna:20
Jéssica:20
Letícia:15
Júlia:15
Luciana:15
Vanessa:15
Mariana:20
Gabriela:15
Vitória:12
Larissa:15
Cláudia:12
Beatriz:15
Luana:12
Rita:10
Sônia:10
Renata:12
Conceição:10
Raimunda:10
Josefa:8
Rosângela:8
Simone:10
Lúcia:10
Tatiane:10
Daniela:12
"""

BRAZILIAN_MALE = """
João:120
José:100
Francisco:40
Antônio:40
Carlos:40
Paulo:35
Pedro:35
Lucas:35
Luiz:30
Marcos:30
Luís:20
Gabriel:30
Rafael:25
Daniel:20
Marcelo:20
Bruno:20
Eduardo:20
Felipe:20
Raimundo:15
Rodrigo:20
Manoel:15
Mateus:15
André:15
Fernando:15
Fábio:12
Leonardo:15
Gustavo:15
Guilherme:15
Leandro:12
Tiago:12
Anderson:12
Ricardo:12
Márcio:10
Sebastião:10
Wellington:10
Vinícius:10
Jefferson:8
Davi:10
"""

BRAZILIAN_SURNAMES = """
da Silva:150
dos Santos:100
Oliveira:70
Souza:60
Rodrigues:40
Ferreira:40
Alves:40
Pereira:45
Lima:35
Gomes:30
Ribeiro:25
Carvalho:25
Almeida:25
Lopes:20
Soares:20
Fernandes:20
Vieira:20
Barbosa:20
Rocha:15
Dias:15
Nascimento:20
Andrade:15
Moreira:15
Nunes:15
Marques:12
Machado:12
Mendes:12
Freitas:12
Cardoso:12
Ramos:10
Gonçalves:15
Santana:12
Teixeira:12
de Jesus:20
da Costa:15
de Souza:15
Araújo:15
Martins:15
da Conceição:10
"""

BRAZILIAN_NICKNAMES = """
José:Zé
Francisco:Chico
Antônio:Tonho
Eduardo:Dudu
Raimundo:Mundinho
"""

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
