"""Haitian and Brazilian name tables, Haitian French/Creole spelling alternations, nicknames.

Same ``name:weight[:tags]`` format as ``names_hispanic``.
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
