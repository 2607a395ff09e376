"""Spanish-language surnames (Mexico, Central America, Andes, Caribbean, Mayan) by frequency.

Same ``name:weight[:tags]`` format as ``names_hispanic``; particles ("de la Cruz") are part of
the surname.
"""

from __future__ import annotations

SURNAMES = """
Hernández:300
García:250
Martínez:220
López:230
González:200
Rodríguez:180
Pérez:200
Sánchez:150
Ramírez:160
Cruz:110
Flores:110
Gómez:110
Morales:100
Vázquez:80:MX
Reyes:90
Jiménez:70
Torres:70
Díaz:80
Gutiérrez:70
Ruiz:60
Mendoza:60
Aguilar:60
Ortiz:55
Moreno:50
Castillo:60
Romero:50
Álvarez:50
Méndez:50
Chávez:60
Rivera:55
Juárez:45:MX GT
Ramos:50
Domínguez:35
Herrera:45
Medina:40
Castro:40
Vargas:40
Guzmán:35
Velázquez:35
Velásquez:30:CAM
Muñoz:30
Rojas:30
de la Cruz:30
Contreras:30
Salazar:30
Luna:25
Ortega:30
Santiago:25:MX
Guerrero:25
Estrada:30
Bautista:20
Cortés:20
Soto:25
Alvarado:30
Espinoza:25
Lara:20
Ávila:20
Ríos:20
Cervantes:15:MX
Silva:20
Delgado:20
Vega:20
Márquez:20
Sandoval:20
Fernández:25
León:15
de León:15
Carrillo:15
Mejía:30:CAM
Solís:20
Núñez:20
Rosas:15
Valdez:15
Valdés:12:CU
Ibarra:15
Campos:15
Santos:15
Camacho:12
Navarro:15
Peña:15
Maldonado:15
Rosales:15
Acosta:15
Miranda:15
Trejo:10:MX
Valencia:12
Nava:10:MX
Pacheco:15
Robles:12
Molina:20
Rangel:10:MX
Huerta:10
Cabrera:15
Fuentes:15
Escobar:15
Villanueva:12
Cárdenas:12
Barrera:12
Orellana:20:SV HN GT
Zelaya:15:HN
Funes:10:SV
Argueta:15:SV HN
Alfaro:12:SV
Portillo:15:SV HN
Paz:15:HN
Amaya:12:SV HN
Rivas:15
Osorio:12
Girón:10:GT
Mazariegos:8:GT
Orozco:12
Quintanilla:8:SV
Canales:10:HN
Membreño:6:HN
Cálix:6:HN
Zavala:10
Matute:6:HN
Lagos:6:HN
Padilla:15
Bonilla:12
Chinchilla:8:HN
Villatoro:8:GT SV
Recinos:6:GT SV
Pineda:15
Ordóñez:12
Quiñónez:10:EC
Quispe:10:PE BO EC
Mamani:8:PE BO
Condori:6:BO PE
Huamán:6:PE
Guamán:8:EC
Quishpe:8:EC
Tenesaca:6:EC
Morocho:6:EC
Chimbo:4:EC
Yupanqui:3:PE
Betancourt:6:VE CU
Leyva:8:CU
Milanés:4:CU
Batista:6:CU DO
del Valle:10
de Jesús:12
de los Santos:8
de la Rosa:8
de la O:3
del Cid:5:HN
de Paz:4:GT SV
Tzoc:8:MAYA
Tzul:8:MAYA
Ixcoy:6:MAYA
Xiloj:5:MAYA
Tum:6:MAYA
Batz:6:MAYA
Cux:6:MAYA
Coj:7:MAYA
Sic:6:MAYA
Us:4:MAYA
Tiu:4:MAYA
Yax:3:MAYA
Xicay:4:MAYA
Quiej:4:MAYA
Chumil:3:MAYA
Ajanel:3:MAYA
Cumes:4:MAYA
Ajú:3:MAYA
Tuyuc:4:MAYA
Caal:10:MAYA
Choc:10:MAYA
Pop:7:MAYA
Cuc:6:MAYA
Tiul:5:MAYA
Coc:5:MAYA
Xol:6:MAYA
Maquin:4:MAYA
Chub:5:MAYA
Bol:4:MAYA
Ical:4:MAYA
Cac:4:MAYA
Cucul:4:MAYA
Botzoc:3:MAYA
Bámaca:5:MAYA
Ixmay:3:MAYA
Chiquin:3:MAYA
Toj:4:MAYA
Tz'unun:1:MAYA
"""
