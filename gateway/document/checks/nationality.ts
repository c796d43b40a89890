/**
 * Nationality codes a TD1 MRZ may carry (Doc 9303 part 3 §5): the ISO 3166-1 alpha-3 codes, the
 * codes ICAO adds for people without or beside a state, and whatever the station configures.
 * Pure data, no Node: the operator page checks with the same list.
 */

/** ISO 3166-1 alpha-3 (249 codes, as published by the ISO 3166 maintenance agency, 2024). */
const ISO_3166_ALPHA3 = new Set(
  (
    'ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD BGR ' +
    'BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR COD COG ' +
    'COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH ' +
    'FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY ' +
    'HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM ' +
    'KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL ' +
    'MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR ' +
    'NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU ' +
    'SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA ' +
    'TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB ' +
    'VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE'
  ).split(' '),
);

/**
 * Codes of Doc 9303 part 3 §5 that may stand in the nationality field of a person:
 * XXA stateless (1954 Convention), XXB refugee (1951 Convention), XXC other refugee, XXX
 * unspecified nationality; the British nationality categories GBD, GBN, GBO, GBP, GBS; UNK for
 * residents of Kosovo holding UNMIK papers. The organisation codes (UNO, UNA, XPO, EUE, …) name
 * issuers, not nationalities, and are left out; add any a station needs through
 * `issuance.extraNationalities`.
 */
export const ICAO_NATIONALITY_CODES: readonly string[] = [
  'XXA',
  'XXB',
  'XXC',
  'XXX',
  'GBD',
  'GBN',
  'GBO',
  'GBP',
  'GBS',
  'UNK',
];
const ICAO = new Set(ICAO_NATIONALITY_CODES);

/** An ISO 3166-1 alpha-3 code, an ICAO code of a person's status, or one the station configured. */
export function isKnownNationality(code: string, extra: readonly string[] = []): boolean {
  return ISO_3166_ALPHA3.has(code) || ICAO.has(code) || extra.includes(code);
}

export const isIsoAlpha3 = (code: string): boolean => ISO_3166_ALPHA3.has(code);
