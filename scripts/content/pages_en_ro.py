# Source texts of the information point (English, Romanian). Run scripts/content/write.py.
PAGES = {
  "en": {
    "asylum": ("Asylum seekers: your rights and duties", [
      "You asked for asylum (international protection) in Romania. While IGI decides, you may stay in Romania.",
      "**Your rights:**\n\n- to stay in Romania until the final decision;\n- a free interpreter at interviews;\n- free legal advice from NGOs;\n- a place in a reception centre and a small allowance if you have no money;\n- free emergency and basic medical care;\n- school for your children;\n- to work, if there is no first decision 3 months after you asked for asylum.",
      "**Your duties:**\n\n- go to every interview and appointment;\n- tell the truth and show all your documents;\n- carry your temporary identity document;\n- tell IGI when you change your address;\n- respect Romanian law and the rules of the centre.",
    ]),
    "protection": ("Temporary protection (Ukraine)", [
      "Temporary protection is for people who fled the war in Ukraine: Ukrainian citizens, refugees who lived in Ukraine, and their families.",
      "**You may:**\n\n- live in Romania with a residence permit from IGI;\n- work without a work permit;\n- use public health care;\n- send your children to school;\n- get help with housing and food.",
      "**You must:**\n\n- keep your permit valid;\n- tell IGI when you change your address;\n- respect Romanian law.",
    ]),
    "document": ("Your temporary identity document", [
      "IGI gives this card to people who asked for asylum in Romania.",
      "It shows who you are and that you may stay while your case is decided. It is not a passport: you cannot travel abroad with it.",
      "It is valid until the date printed on it. Before that date, go to IGI to extend it.",
      "If you lose it, tell IGI at once. Keep it safe and never give it to anyone as a guarantee.",
    ]),
    "where": ("Where to go for what", [
      "**Health:** see the doctor of the centre or a family doctor. In an emergency call 112 or go to a hospital emergency unit.",
      "**School:** children from 6 to 18 years go to school. Ask the school inspectorate of your county or the NGO in your centre.",
      "**Work:** the county employment agency (AJOFM) helps you find work.",
      "**Legal aid:** free advice from NGOs such as JRS Romania and CNRR.",
      "**New address:** if you move, tell IGI your new address within 5 days. Go to the IGI office or ask the centre staff.",
    ]),
    "emergency": ("Emergency numbers", [
      "**112**: police, ambulance, fire brigade. Free from any phone.",
      "**116 111**: help line for children.",
      "**0800 500 333**: help line for victims of domestic violence. Free.",
      "**0800 800 678**: help line for victims of human trafficking. Free.",
      "If you are in danger, call 112 first.",
    ]),
  },
  "ro": {
    "asylum": ("Solicitanți de azil: drepturi și obligații", [
      "Ați cerut azil (protecție internațională) în România. Cât timp IGI decide, puteți rămâne în România.",
      "**Drepturile dumneavoastră:**\n\n- să rămâneți în România până la decizia finală;\n- interpret gratuit la interviuri;\n- consiliere juridică gratuită de la ONG-uri;\n- loc într-un centru de cazare și o mică alocație dacă nu aveți bani;\n- asistență medicală de urgență și de bază, gratuită;\n- școală pentru copii;\n- să lucrați, dacă nu există o primă decizie la 3 luni după cererea de azil.",
      "**Obligațiile dumneavoastră:**\n\n- să veniți la fiecare interviu și programare;\n- să spuneți adevărul și să prezentați toate documentele;\n- să aveți asupra dumneavoastră documentul temporar de identitate;\n- să anunțați IGI când vă schimbați adresa;\n- să respectați legea română și regulile centrului.",
    ]),
    "protection": ("Protecție temporară (Ucraina)", [
      "Protecția temporară este pentru persoanele care au fugit de războiul din Ucraina: cetățeni ucraineni, refugiați care au locuit în Ucraina și familiile lor.",
      "**Puteți:**\n\n- să locuiți în România cu permis de ședere de la IGI;\n- să lucrați fără aviz de muncă;\n- să folosiți sistemul public de sănătate;\n- să vă trimiteți copiii la școală;\n- să primiți ajutor pentru locuință și hrană.",
      "**Trebuie:**\n\n- să vă păstrați permisul valabil;\n- să anunțați IGI când vă schimbați adresa;\n- să respectați legea română.",
    ]),
    "document": ("Documentul temporar de identitate", [
      "IGI eliberează acest card persoanelor care au cerut azil în România.",
      "Arată cine sunteți și că puteți rămâne cât timp se decide cazul dumneavoastră. Nu este pașaport: nu puteți călători în străinătate cu el.",
      "Este valabil până la data tipărită pe el. Înainte de această dată, mergeți la IGI să îl prelungiți.",
      "Dacă îl pierdeți, anunțați imediat IGI. Păstrați-l în siguranță și nu îl dați nimănui drept garanție.",
    ]),
    "where": ("Unde mergeți pentru ce", [
      "**Sănătate:** mergeți la medicul centrului sau la un medic de familie. În caz de urgență sunați la 112 sau mergeți la unitatea de primiri urgențe a unui spital.",
      "**Școală:** copiii între 6 și 18 ani merg la școală. Întrebați inspectoratul școlar județean sau ONG-ul din centru.",
      "**Muncă:** agenția județeană pentru ocuparea forței de muncă (AJOFM) vă ajută să găsiți de lucru.",
      "**Asistență juridică:** consiliere gratuită de la ONG-uri precum JRS România și CNRR.",
      "**Adresă nouă:** dacă vă mutați, anunțați IGI noua adresă în cel mult 5 zile. Mergeți la biroul IGI sau întrebați personalul centrului.",
    ]),
    "emergency": ("Numere de urgență", [
      "**112**: poliție, ambulanță, pompieri. Gratuit de la orice telefon.",
      "**116 111**: linia de ajutor pentru copii.",
      "**0800 500 333**: linia pentru victimele violenței domestice. Gratuit.",
      "**0800 800 678**: linia pentru victimele traficului de persoane. Gratuit.",
      "Dacă sunteți în pericol, sunați întâi la 112.",
    ]),
  },
}
