"""Spanish-language given names, double-name habits and nicknames, with rough frequencies.

Each line is ``name:weight[:tags]``; tags restrict a name to some countries (alpha-2, or the
group aliases in ``names.REGION_ALIASES``; ``MAYA`` means Mayan-speaking Guatemalans).
"""

from __future__ import annotations

FEMALE_GIVEN = """
María:400
Guadalupe:60:MX
Ana:70
Rosa:55
Juana:45:MX CAM
Margarita:35
Sandra:40:CAM
Luz:25
Karla:35:MX CAM
Andrea:40
Fernanda:30:MX
Josefina:20:MX
Alejandra:40
Gabriela:40
Verónica:30
Patricia:35
Leticia:25:MX
Elizabeth:40
Yesenia:30:MX CAM
Yessenia:20:HN SV
Adriana:30
Claudia:30
Daniela:35
Carmen:40
Isabel:30
Teresa:25
Dolores:20:MX
Concepción:15:MX
Rosario:20
Refugio:8:MX
Socorro:10:MX
Graciela:15
Consuelo:12
Mercedes:15
Soledad:10
Francisca:15
Esperanza:12
Alicia:20
Beatriz:15
Rebeca:12
Cristina:20
Silvia:20
Marisol:18
Lorena:18
Maribel:18
Araceli:15:MX
Brenda:25
Jessica:30
Wendy:25:CAM
Dania:20:HN
Keyla:20:HN SV
Yolany:12:HN
Lesly:20:HN SV GT
Ingrid:15:CAM
Heidy:12:HN GT
Sindy:15:HN GT
Dilcia:10:HN
Glendy:12:GT
Lesbia:10:GT
Yeimi:15:GT HN
Magdalena:20:GT MX
Candelaria:10:GT
Micaela:12:GT
Manuela:12:GT
Petrona:14:MAYA
Catarina:16:MAYA
Ixchel:3:MAYA
Nik'te':2:MAYA
Ixk'at:2:MAYA
Mayra:20:EC MX CAM
Maritza:15:EC NI
Nancy:15:EC HN
Zoila:8:EC PE
Blanca:15
Yaneisy:12:CU
Yusleidy:12:CU VE
Yamilé:10:CU
Dayana:20:CU VE CO
Yuleisy:8:CU
Mayelín:8:CU
Yanet:10:CU
Yudith:8:CU
Valentina:25:VE CO CL
Victoria:15
Camila:20:VE CO CL
Génesis:15:VE HN
Milagros:12:PE VE
Yajaira:10:VE
Fátima:15
Stephanie:15:HN SV
Estefany:15:HN SV GT
Kimberly:15:HN SV
Nicole:15
Sofía:30
Valeria:25
Ximena:15:MX
Paola:20
Jazmín:15
Azucena:10:MX CAM
Noemí:10
Reyna:12:MX CAM
Irma:12
Olga:10
Martha:20
Norma:15
Elena:15
Lucía:20
Marta:15
Julia:12
Antonia:12
Ofelia:8
Ángela:15
Liliana:15
Miriam:15
Marlene:10:CAM
Xiomara:10:HN NI
Flor:12:CAM
Angélica:15
Viviana:10:CO EC
Fabiola:10
"""

FEMALE_COMPOUND = """
María José:40
María Fernanda:35
Ana María:25
María Guadalupe:30:MX
María de los Ángeles:20
María del Carmen:25
María de Jesús:12
María Elena:15
María Isabel:15
María Teresa:12
Rosa María:15
Luz María:10:MX
María Luisa:12
María Concepción:8
"""

MALE_COMPOUND = """
José Luis:40
Juan Carlos:35
Luis Fernando:20
José Ángel:20
Juan José:20
José Guadalupe:10:MX
Jesús Alberto:10
José María:12
Juan Pablo:15
Miguel Ángel:30
José Antonio:20
Carlos Alberto:15
Juan Manuel:20
José Manuel:15
"""

MALE_GIVEN = """
José:350
Juan:250
Luis:120
Carlos:120
Jesús:80
Francisco:80
Jorge:70
Miguel:90
Pedro:60
Manuel:60
Antonio:60
Alejandro:60
Roberto:50
Ricardo:45
Fernando:45
Eduardo:45
Mario:50
Javier:40
Daniel:50
David:45
Óscar:40
Víctor:40
Raúl:30
Rafael:35
Sergio:30
Guillermo:25
Ignacio:15
Lorenzo:12
Enrique:25
Gonzalo:12
Salvador:20
Santiago:20
Rosendo:6:MX
Ramón:25
Alberto:30
Humberto:15
Rodolfo:15
Adolfo:12
Gerardo:25
Felipe:20
Alfredo:20
Rogelio:12:MX
Arturo:25
Héctor:30
Armando:20
Andrés:25
Marco:20
Ángel:40
Cristian:30
Kevin:40:HN SV GT
Brayan:30:HN SV GT
Jefferson:15:HN EC
Darwin:20:HN EC
Wilmer:20:HN GT
Elvin:18:HN
Nelson:20:HN SV NI
Yeferson:12:HN SV
Denis:15:HN NI
Selvin:15:HN GT
Edwin:25:CAM
Byron:18:GT EC
Edgar:25
Marvin:20:GT HN
Elmer:15:GT SV
Mynor:12:GT
Eswin:10:GT
Walter:15:CAM
Otto:6:GT
Hugo:15
Diego:20:MAYA
Domingo:12:MAYA
Tomás:15:MAYA
Baltazar:8:MAYA
Sebastián:20
Gaspar:8:MAYA
B'alam:2:MAYA
Tz'unun:1:MAYA
Q'anil:1:MAYA
Segundo:12:EC
Wilson:15:EC HN
Klever:8:EC
Jhon:12:EC CO
Jhonny:8:EC
Stalin:5:EC
Washington:6:EC
Yoandri:10:CU
Yunior:12:CU
Yusniel:8:CU
Yordanis:10:CU
Yaniel:8:CU
Dayron:8:CU
Yoel:8:CU VE
Osmany:6:CU
Yorbis:6:VE
Anthony:12:VE HN
Samuel:15
Emmanuel:12
Abraham:12
Isaac:10
Moisés:12
Efraín:10
Omar:20
Iván:20
Julio:25
César:25
Pablo:20
Marcos:20
Saúl:15
Israel:15
Joel:15
Noé:10
Gustavo:15
Fabián:12
Ulises:8:MX
Agustín:12
Martín:25
Hilario:6:MX GT
Margarito:5:MX
Lázaro:6:CU MX
Erick:20
Alexis:15
Nahún:6:HN
"""

# Names that usually come second in a double given name ("Juan Antonio", "Ana Isabel"); other
# names are drawn second far less often.
USUAL_SECOND = """
Luis Antonio Alberto Carlos Manuel Alejandro Eduardo Enrique Javier Ángel José Fernando Daniel
David Francisco Armando Alfredo Andrés Miguel Jesús Guadalupe Isabel Fernanda Elena Alejandra
Gabriela Patricia Elizabeth Sofía Margarita Carmen Lucía Beatriz Cristina Esperanza Victoria
Adriana Guillermo Ignacio Arturo Ramón Josefina Teresa Mercedes Dolores Yamilé Alexis Alexander
"""

NICKNAMES = """
Jesús:Chuy Chucho
José:Pepe Chepe
Francisco:Paco Pancho Kiko
Ignacio:Nacho
Guillermo:Memo
Lorenzo:Lencho
Alejandro:Alex
Roberto:Beto
Alberto:Beto
Humberto:Beto
Eduardo:Lalo
Gonzalo:Chalo
Enrique:Quique
Manuel:Manolo
Rafael:Rafa
Antonio:Toño
Santiago:Chago
Rosendo:Chendo
Salvador:Chava
Luis:Lucho
Gerardo:Jerry
Ricardo:Richi
Fernando:Nando
Ramón:Moncho
Rodolfo:Fito
Adolfo:Fito
Felipe:Pipe
Alfredo:Fredo
Guadalupe:Lupe Lupita
Dolores:Lola Loli
Concepción:Concha Conchita
Rosario:Chayo
Refugio:Cuca
Socorro:Coco
Graciela:Chela
Consuelo:Chelo
Mercedes:Meche
Soledad:Chole
Isabel:Chabela
Teresa:Tere
Josefina:Chepa
Francisca:Paca Pancha
Margarita:Mago
Alejandra:Ale
Patricia:Paty
Beatriz:Bety
Rebeca:Becky
Cristina:Cris
"""
