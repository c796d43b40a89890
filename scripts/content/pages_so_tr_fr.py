PAGES = {
  "so": {
    "asylum": ("Magangalyo-doonka: xuquuqdaada iyo waajibaadkaaga", [
      "Waxaad Romania ka codsatay magangalyo (ilaalin caalami ah). Inta Xafiiska Guud ee Socdaalka (IGI) go'aan gaarayo, waad joogi kartaa Romania.",
      "**Xuquuqdaada:**\n\n- inaad joogto Romania ilaa go'aanka kama dambaysta ah;\n- turjubaan bilaash ah marka wareysiga;\n- talo sharci oo bilaash ah oo ka timaadda hay'adaha aan dowliga ahayn;\n- meel xarun soo dhaweyn ah iyo lacag yar haddii aadan lacag haysan;\n- daryeel caafimaad oo degdeg ah iyo mid aasaasi ah oo bilaash ah;\n- dugsi carruurtaada;\n- inaad shaqeyso, haddii 3 bilood kadib codsigaaga aan go'aan koowaad la gaarin.",
      "**Waajibaadkaaga:**\n\n- tag wareysi kasta iyo ballan kasta;\n- run sheeg oo tus dhammaan dukumiintiyadaada;\n- kaarka aqoonsiga ku-meel-gaarka ah had iyo jeer sito;\n- u sheeg IGI marka aad cinwaanka beddesho;\n- ixtiraam sharciga Romania iyo xeerarka xarunta.",
    ]),
    "protection": ("Ilaalinta ku-meel-gaarka ah (Ukraine)", [
      "Ilaalinta ku-meel-gaarka ah waxaa loogu talagalay dadka ka cararay dagaalka Ukraine: muwaadiniinta Ukraine, qaxootiga ku noolaa Ukraine, iyo qoysaskooda.",
      "**Waad awoodaa:**\n\n- inaad ku noolaato Romania adigoo haysta ruqsad deganaansho oo IGI ah;\n- inaad shaqeyso adigoon haysan ruqsad shaqo;\n- inaad isticmaasho daryeelka caafimaadka dowladda;\n- inaad carruurta dugsi u dirto;\n- inaad hesho caawimaad guri iyo cunto.",
      "**Waa inaad:**\n\n- ruqsaddaada ansax ku haysaa;\n- u sheegtaa IGI marka aad cinwaanka beddesho;\n- ixtiraamtaa sharciga Romania.",
    ]),
    "document": ("Kaarkaaga aqoonsiga ku-meel-gaarka ah", [
      "IGI waxay kaarkan siisaa dadka Romania ka codsaday magangalyo.",
      "Wuxuu muujinayaa cidda aad tahay iyo inaad joogi karto inta kiiskaaga go'aan laga gaarayo. Ma aha baasaboor: kuma safri kartid dibadda.",
      "Wuxuu ansax yahay ilaa taariikhda ku qoran. Taariikhdaas ka hor, tag IGI si loo kordhiyo.",
      "Haddii uu kaa lumo, isla markiiba u sheeg IGI. Meel ammaan ah ku hay, hana u dhiibin qof kale damaanad ahaan.",
    ]),
    "where": ("Halkee loo aadaa, maxaa loo aadaa", [
      "**Caafimaad:** u tag dhakhtarka xarunta ama dhakhtar qoys. Xaalad degdeg ah, wac 112 ama u tag qaybta gurmadka degdegga ee isbitaalka.",
      "**Dugsi:** carruurta da'doodu tahay 6 ilaa 18 waxay aadaan dugsi. Weydii xafiiska kormeerka dugsiyada ee gobolkaaga ama hay'adda xaruntaada.",
      "**Shaqo:** wakaaladda shaqaalaynta ee gobolka (AJOFM) ayaa kaa caawisa helitaanka shaqo.",
      "**Caawimaad sharci:** talo bilaash ah oo ka timaadda hay'adaha sida JRS Romania iyo CNRR.",
      "**Cinwaan cusub:** haddii aad guurto, u sheeg IGI cinwaankaaga cusub 5 maalmood gudahood. Tag xafiiska IGI ama weydii shaqaalaha xarunta.",
    ]),
    "emergency": ("Lambarada degdegga", [
      "**112**: booliis, ambalaas, dab-demis. Bilaash ka wac taleefan kasta.",
      "**116 111**: khadka caawimaadda carruurta.",
      "**0800 500 333**: khadka dhibbanayaasha rabshadaha qoyska. Bilaash.",
      "**0800 800 678**: khadka dhibbanayaasha ka ganacsiga dadka. Bilaash.",
      "Haddii aad khatar ku jirto, marka hore wac 112.",
    ]),
  },
  "tr": {
    "asylum": ("Sığınma başvurusu yapanlar: haklarınız ve yükümlülükleriniz", [
      "Romanya'da sığınma (uluslararası koruma) başvurusu yaptınız. Genel Göç Müfettişliği (IGI) karar verene kadar Romanya'da kalabilirsiniz.",
      "**Haklarınız:**\n\n- nihai karara kadar Romanya'da kalmak;\n- görüşmelerde ücretsiz tercüman;\n- sivil toplum kuruluşlarından ücretsiz hukuki danışmanlık;\n- paranız yoksa bir kabul merkezinde yer ve küçük bir harçlık;\n- ücretsiz acil ve temel sağlık hizmeti;\n- çocuklarınız için okul;\n- başvurudan 3 ay sonra ilk karar verilmemişse çalışmak.",
      "**Yükümlülükleriniz:**\n\n- her görüşmeye ve randevuya gidin;\n- doğruyu söyleyin ve tüm belgelerinizi gösterin;\n- geçici kimlik belgenizi yanınızda taşıyın;\n- adresinizi değiştirdiğinizde IGI'ye bildirin;\n- Romanya yasalarına ve merkezin kurallarına uyun.",
    ]),
    "protection": ("Geçici koruma (Ukrayna)", [
      "Geçici koruma, Ukrayna'daki savaştan kaçan kişiler içindir: Ukrayna vatandaşları, Ukrayna'da yaşamış mülteciler ve aileleri.",
      "**Şunları yapabilirsiniz:**\n\n- IGI'den alınan oturma izniyle Romanya'da yaşamak;\n- çalışma izni olmadan çalışmak;\n- kamu sağlık hizmetlerinden yararlanmak;\n- çocuklarınızı okula göndermek;\n- barınma ve yiyecek için yardım almak.",
      "**Şunları yapmalısınız:**\n\n- izninizi geçerli tutun;\n- adresinizi değiştirdiğinizde IGI'ye bildirin;\n- Romanya yasalarına uyun.",
    ]),
    "document": ("Geçici kimlik belgeniz", [
      "IGI bu kartı Romanya'da sığınma başvurusu yapan kişilere verir.",
      "Kim olduğunuzu ve davanız karara bağlanana kadar kalabileceğinizi gösterir. Pasaport değildir: bununla yurt dışına seyahat edemezsiniz.",
      "Üzerinde yazan tarihe kadar geçerlidir. Bu tarihten önce uzatmak için IGI'ye gidin.",
      "Kaybederseniz hemen IGI'ye bildirin. Güvenli bir yerde saklayın ve asla kimseye teminat olarak vermeyin.",
    ]),
    "where": ("Ne için nereye gidilir", [
      "**Sağlık:** merkezin doktoruna veya bir aile hekimine gidin. Acil durumda 112'yi arayın veya hastanenin acil servisine gidin.",
      "**Okul:** 6-18 yaş arası çocuklar okula gider. İlinizin okul müfettişliğine veya merkezinizdeki kuruluşa sorun.",
      "**İş:** il istihdam ajansı (AJOFM) iş bulmanıza yardım eder.",
      "**Hukuki yardım:** JRS Romania ve CNRR gibi kuruluşlardan ücretsiz danışmanlık.",
      "**Yeni adres:** taşınırsanız yeni adresinizi 5 gün içinde IGI'ye bildirin. IGI ofisine gidin veya merkez personeline sorun.",
    ]),
    "emergency": ("Acil durum numaraları", [
      "**112**: polis, ambulans, itfaiye. Her telefondan ücretsiz.",
      "**116 111**: çocuklar için yardım hattı.",
      "**0800 500 333**: aile içi şiddet mağdurları için yardım hattı. Ücretsiz.",
      "**0800 800 678**: insan ticareti mağdurları için yardım hattı. Ücretsiz.",
      "Tehlikedeyseniz önce 112'yi arayın.",
    ]),
  },
  "fr": {
    "asylum": ("Demandeurs d'asile : vos droits et vos devoirs", [
      "Vous avez demandé l'asile (protection internationale) en Roumanie. Pendant que l'Inspection générale de l'immigration (IGI) décide, vous pouvez rester en Roumanie.",
      "**Vos droits :**\n\n- rester en Roumanie jusqu'à la décision finale ;\n- un interprète gratuit aux entretiens ;\n- des conseils juridiques gratuits auprès d'ONG ;\n- une place dans un centre d'accueil et une petite allocation si vous n'avez pas d'argent ;\n- des soins médicaux d'urgence et de base gratuits ;\n- l'école pour vos enfants ;\n- travailler, s'il n'y a pas de première décision 3 mois après votre demande.",
      "**Vos devoirs :**\n\n- aller à chaque entretien et rendez-vous ;\n- dire la vérité et montrer tous vos documents ;\n- avoir sur vous votre document d'identité temporaire ;\n- informer l'IGI quand vous changez d'adresse ;\n- respecter la loi roumaine et le règlement du centre.",
    ]),
    "protection": ("Protection temporaire (Ukraine)", [
      "La protection temporaire concerne les personnes qui ont fui la guerre en Ukraine : les citoyens ukrainiens, les réfugiés qui vivaient en Ukraine et leurs familles.",
      "**Vous pouvez :**\n\n- vivre en Roumanie avec un permis de séjour de l'IGI ;\n- travailler sans permis de travail ;\n- utiliser le système public de santé ;\n- envoyer vos enfants à l'école ;\n- recevoir de l'aide pour le logement et la nourriture.",
      "**Vous devez :**\n\n- garder votre permis valable ;\n- informer l'IGI quand vous changez d'adresse ;\n- respecter la loi roumaine.",
    ]),
    "document": ("Votre document d'identité temporaire", [
      "L'IGI donne cette carte aux personnes qui ont demandé l'asile en Roumanie.",
      "Elle montre qui vous êtes et que vous pouvez rester pendant l'examen de votre dossier. Ce n'est pas un passeport : vous ne pouvez pas voyager à l'étranger avec elle.",
      "Elle est valable jusqu'à la date imprimée dessus. Avant cette date, allez à l'IGI pour la prolonger.",
      "Si vous la perdez, prévenez l'IGI tout de suite. Gardez-la en lieu sûr et ne la donnez jamais à personne en garantie.",
    ]),
    "where": ("Où aller pour quoi", [
      "**Santé :** allez voir le médecin du centre ou un médecin de famille. En cas d'urgence, appelez le 112 ou allez aux urgences d'un hôpital.",
      "**École :** les enfants de 6 à 18 ans vont à l'école. Demandez à l'inspection scolaire de votre département ou à l'ONG de votre centre.",
      "**Travail :** l'agence départementale pour l'emploi (AJOFM) vous aide à trouver du travail.",
      "**Aide juridique :** des conseils gratuits auprès d'organisations comme JRS Romania et CNRR.",
      "**Nouvelle adresse :** si vous déménagez, donnez votre nouvelle adresse à l'IGI dans les 5 jours. Allez au bureau de l'IGI ou demandez au personnel du centre.",
    ]),
    "emergency": ("Numéros d'urgence", [
      "**112** : police, ambulance, pompiers. Gratuit depuis tout téléphone.",
      "**116 111** : ligne d'aide pour les enfants.",
      "**0800 500 333** : ligne pour les victimes de violence domestique. Gratuit.",
      "**0800 800 678** : ligne pour les victimes de la traite des êtres humains. Gratuit.",
      "Si vous êtes en danger, appelez d'abord le 112.",
    ]),
  },
}
