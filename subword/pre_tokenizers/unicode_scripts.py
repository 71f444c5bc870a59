"""UnicodeScripts: split where the Unicode script changes (Latin, Cyrillic, Han, ...)."""

from __future__ import annotations

from functools import lru_cache

import regex

from ..text.chars import regex_set_body
from ..core.normalized_string import NormalizedString
from ..core.pre_tokenized_string import PreTokenizedString
from .base import PreTokenizer, pre_tokenizers_registry


@pre_tokenizers_registry.register("UnicodeScripts")
class UnicodeScripts(PreTokenizer):
    """Split where the script changes, as SentencePiece does; Hiragana, Katakana and `ー` count
    as Han, and spaces (and unassigned chars) join the script around them.

    Text before the first char of a known script is dropped, as in the Rust package.

    >>> UnicodeScripts().pre_tokenize_str("どこ Where")
    [('どこ ', (0, 3)), ('Where', (3, 8))]
    """

    def pre_tokenize(self, pretokenized: PreTokenizedString) -> None:
        """Cut every split at its script changes."""
        pretokenized.split(lambda _, normalized: _split_scripts(normalized))


def _split_scripts(normalized: NormalizedString) -> list[NormalizedString]:
    bounds = script_boundaries(normalized.normalized)
    return normalized.slices(zip(bounds, bounds[1:]))


def script_boundaries(text: str) -> list[int]:
    """Where runs of one script start, then `len(text)`: `"ab1 2cd" -> [0, 2, 5, 7]`.

    subtle: a boundary is only set at a char of a known script, so leading chars of no
    script (" abc" -> [1, 4]) fall outside every run.
    """
    bounds = []
    last = None
    for index, char in enumerate(text):
        script = script_of(char)
        if script != "Any":
            if script != last:
                bounds.append(index)
            last = script
    bounds.append(len(text))
    return bounds


@lru_cache(maxsize=1 << 16)
def script_of(char: str) -> str:
    """The script the Rust package gives `char`: `script_of("a") -> 'Latin'`, `"ひ" -> 'Han'`."""
    if char == "\u30fc":
        return "Han"
    if char == " ":
        return "Any"
    if char in _SCRIPT_IN_UNICODE_9:
        return _SCRIPT_IN_UNICODE_9[char]
    match = _script_pattern().match(char)
    script = match.lastgroup if match else "Any"
    return "Han" if script in ("Hiragana", "Katakana") else script  # type: ignore[return-value]


# The Rust package's table (from SentencePiece) is Unicode 9.0: these are its scripts. Chars
# given a script after 9.0 have none there, and four chars have changed script since.
_SCRIPTS_OF_UNICODE_9 = (
    "Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan Balinese Bamum Bassa_Vah Batak"
    " Bengali Bhaiksuki Bopomofo Brahmi Braille Buginese Buhid Canadian_Aboriginal Carian"
    " Caucasian_Albanian Chakma Cham Cherokee Common Coptic Cuneiform Cypriot Cyrillic Deseret"
    " Devanagari Duployan Egyptian_Hieroglyphs Elbasan Ethiopic Georgian Glagolitic Gothic Grantha"
    " Greek Gujarati Gurmukhi Han Hangul Hanunoo Hatran Hebrew Hiragana Imperial_Aramaic Inherited"
    " Inscriptional_Pahlavi Inscriptional_Parthian Javanese Kaithi Kannada Katakana Kayah_Li"
    " Kharoshthi Khmer Khojki Khudawadi Lao Latin Lepcha Limbu Linear_A Linear_B Lisu Lycian Lydian"
    " Mahajani Malayalam Mandaic Manichaean Marchen Meetei_Mayek Mende_Kikakui Meroitic_Cursive"
    " Meroitic_Hieroglyphs Miao Modi Mongolian Mro Multani Myanmar Nabataean New_Tai_Lue Newa Nko"
    " Ogham Ol_Chiki Old_Hungarian Old_Italic Old_North_Arabian Old_Permic Old_Persian"
    " Old_South_Arabian Old_Turkic Oriya Osage Osmanya Pahawh_Hmong Palmyrene Pau_Cin_Hau Phags_Pa"
    " Phoenician Psalter_Pahlavi Rejang Runic Samaritan Saurashtra Sharada Shavian Siddham"
    " SignWriting Sinhala Sora_Sompeng Sundanese Syloti_Nagri Syriac Tagalog Tagbanwa Tai_Le"
    " Tai_Tham Tai_Viet Takri Tamil Tangut Telugu Thaana Thai Tibetan Tifinagh Tirhuta Ugaritic Vai"
    " Warang_Citi Yi"
).split()
_ASSIGNED_AFTER_UNICODE_9 = regex_set_body(
    "0560 0588 05EF 061D 07FD-07FF 0860-086A 0870-0891 0897-089F 08B5 08BE-08D3 09FC-09FE 0A76"
    " 0AFA-0AFF 0B55 0C04 0C3C 0C5C-0C5D 0C77 0C84 0CDC-0CDD 0CF3 0D00 0D04 0D3B-0D3C 0D81 0E86"
    " 0E89 0E8C 0E8E-0E93 0E98 0EA0 0EA8-0EA9 0EAC 0EBA 0ECE 170D 1715 171F 180F 1878 1ABF-1ADD"
    " 1AE0-1AEB 1B4C 1B4E-1B4F 1B7D-1B7F 1C89-1C8A 1C90-1CBA 1CBD-1CBF 1CF7 1CFA 1DF6-1DFA"
    " 20BF-20C1 23FF 2427-2429 2B96-2B97 2BBA-2BBC 2BC9 2BD2-2BEB 2BF0-2BFF 2C2F 2C5F 2E45-2E5D"
    " 2FFC-2FFF 312E-312F 31BB-31BF 31E4-31E5 31EF 32FF 4DB6-4DBF 9FD6-9FFF A7AF A7B8-A7DC"
    " A7F1-A7F6 A82C A8FE-A8FF AB66-AB6B FBC2-FBD2 FD40-FD4F FD90-FD91 FDC8-FDCF FDFE-FDFF 1019C"
    " 1032D-1032F 10780-10785 10787-107B0 107B2-107BA 10A34-10A35 10A48 10EC2-10EC7 10ED0-10ED8"
    " 10EFA-10EFF 11070-11075 110C2 110CD 11144-11147 111CE-111CF 1123F-11241 1133B 1145A"
    " 1145E-11461 116B8-116B9 116D0-116E3 1171A 11740-11746 11AB0-11ABF 11B00-11B09 11B60-11B67"
    " 11FB0 11FC0-11FF1 11FFF 1342F-13455 13460-143FA 16F45-16F4A 16F4F 16F7F-16F87 16FE2-16FE3"
    " 16FF0-16FF6 187ED-187FF 18AF3-18AFF 18D00-18D1E 18D80-18DF2 1AFF0-1AFF3 1AFF5-1AFFB"
    " 1AFFD-1AFFE 1B002-1B122 1B132 1B150-1B152 1B155 1B164-1B167 1CC00-1CCFC 1CD00-1CEB3"
    " 1CEBA-1CED0 1CEE0-1CEF0 1CF00-1CF2D 1CF30-1CF46 1CF50-1CFC3 1D1E9-1D1EA 1D2C0-1D2D3"
    " 1D2E0-1D2F3 1D372-1D378 1DF00-1DF1E 1DF25-1DF2A 1E030-1E06D 1E08F 1E7E0-1E7E6 1E7E8-1E7EB"
    " 1E7ED-1E7EE 1E7F0-1E7FE 1E94B 1EC71-1ECB4 1ED01-1ED3D 1F10D-1F10F 1F12F 1F16C-1F16F 1F1AD"
    " 1F260-1F265 1F6D3-1F6D8 1F6DC-1F6DF 1F6F7-1F6FC 1F774-1F77F 1F7D5-1F7D9 1F7E0-1F7EB 1F7F0"
    " 1F8B0-1F8BB 1F8C0-1F8C1 1F8D0-1F8D8 1F900-1F90F 1F91F 1F928-1F92F 1F931-1F932 1F93F"
    " 1F94C-1F94F 1F95F-1F97F 1F992-1F9BF 1F9C1-1FA57 1FA60-1FA6D 1FA70-1FA7C 1FA80-1FA8A"
    " 1FA8E-1FAC6 1FAC8 1FACD-1FADC 1FADF-1FAEA 1FAEF-1FAF8 1FB00-1FB92 1FB94-1FBFA 2A6D7-2A6DF"
    " 2B735-2B73F 2CEA2-2CEAD 2CEB0-2EBE0 2EBF0-2EE5D 30000-3134A 31350-33479"
)
_SCRIPT_IN_UNICODE_9 = {"\u0589": "Common", "\u061c": "Common", "\u0953": "Devanagari", "\u0954": "Devanagari"}


@lru_cache(maxsize=1)
def _script_pattern() -> regex.Pattern[str]:
    """One char's script as the name of the group that matches it (compiled on first use)."""
    groups = [f"(?P<Any>[{_ASSIGNED_AFTER_UNICODE_9}])"]
    groups += [rf"(?P<{script}>\p{{sc={script}}})" for script in _SCRIPTS_OF_UNICODE_9]
    return regex.compile("|".join(groups))
