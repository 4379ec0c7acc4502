//! The fonts printed documents embed, and which characters they can print (EINV-3, EINV-6).
//!
//! Liberation Sans is the document's font; DejaVu Sans (symbols, and the Latin, Greek and
//! Cyrillic letters Liberation lacks) and Symbola (emoji, in one colour) stand in for what it
//! has no glyph for. All three are shipped in this folder (see its README.md for their sources,
//! licences and how the fallbacks were subset), never read from the host.
//!
//! What none of them covers is refused where text is entered ([`covers`], called from the one
//! text check every free-text field goes through), so that no character of a stored document
//! prints as `?` or vanishes.

use std::sync::OnceLock;

/// One of the shipped fonts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum FaceId {
    /// Liberation Sans.
    Regular = 0,
    /// Liberation Sans Bold.
    Bold = 1,
    /// The DejaVu Sans subset.
    Symbols = 2,
    /// The Symbola subset.
    Emoji = 3,
}

impl FaceId {
    /// Every face, in the order of [`FaceId`]'s values.
    pub(crate) const ALL: [FaceId; 4] = [FaceId::Regular, FaceId::Bold, FaceId::Symbols, FaceId::Emoji];

    /// The faces tried for a character of text set in `bold` or not, first to last.
    pub(crate) fn chain(bold: bool) -> [FaceId; 3] {
        let main = if bold { FaceId::Bold } else { FaceId::Regular };
        [main, FaceId::Symbols, FaceId::Emoji]
    }
}

/// A parsed font program.
pub(crate) struct Face {
    /// The font file.
    pub(crate) data: &'static [u8],
    /// Its tables.
    pub(crate) face: ttf_parser::Face<'static>,
    /// The dominant vertical stem width the font descriptor names (PDF 32000 9.8.1); the font
    /// files do not carry it, so these are measured values of each design.
    pub(crate) stem_v: f32,
    /// The PostScript name to use where the font's name table has none.
    pub(crate) fallback_name: &'static str,
}

impl Face {
    /// The glyph for `c`, if this font has one (glyph 0 is `.notdef`, which never counts).
    pub(crate) fn glyph(&self, c: char) -> Option<u16> {
        self.face.glyph_index(c).map(|g| g.0).filter(|g| *g != 0)
    }
}

const FILES: [(&[u8], f32, &str); 4] = [
    (include_bytes!("LiberationSans-Regular.ttf"), 80.0, "LiberationSans"),
    (include_bytes!("LiberationSans-Bold.ttf"), 140.0, "LiberationSans-Bold"),
    (include_bytes!("DejaVuSans-Fallback.ttf"), 80.0, "DejaVuSans"),
    (include_bytes!("Symbola-Emoji.ttf"), 80.0, "Symbola"),
];

/// The four faces, parsed once per process; `None` only if a shipped file were damaged.
pub(crate) fn faces() -> Option<&'static [Face; 4]> {
    static FACES: OnceLock<Option<[Face; 4]>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            let parse = |(data, stem_v, fallback_name): (&'static [u8], f32, &'static str)| {
                ttf_parser::Face::parse(data, 0).ok().map(|face| Face { data, face, stem_v, fallback_name })
            };
            let [a, b, c, d] = FILES.map(parse);
            Some([a?, b?, c?, d?])
        })
        .as_ref()
}

/// The face that prints `c` in text set in `bold` or not, and its glyph there: the first font
/// of [`FaceId::chain`] that has one.
pub(crate) fn pick(faces: &[Face; 4], bold: bool, c: char) -> Option<(FaceId, u16)> {
    FaceId::chain(bold).into_iter().find_map(|id| faces[id as usize].glyph(c).map(|g| (id, g)))
}

/// Whether every character of `text` prints in a document: each has a glyph in one of the
/// embedded fonts, in regular and in bold text. Line breaks and tabs count as printable (they
/// are laid out as space); other control characters do not.
///
/// ```
/// use corporate_billing::documents::fonts::covers;
/// assert!(covers("Müller & Söhne, Αθήνα, Москва 😀 ✓ €"));
/// assert!(!covers("東京")); // no embedded font has Han characters
/// ```
///
/// Right-to-left scripts (Hebrew, Arabic, ...) are refused even where Liberation Sans has their
/// letters: documents are laid out left to right without bidirectional reordering, so such a
/// name would print backwards.
pub fn covers(text: &str) -> bool {
    let Some(faces) = faces() else { return false };
    text.chars().all(|c| {
        matches!(c, '\n' | '\t' | ' ')
            || (!right_to_left(c) && pick(faces, false, c).is_some() && pick(faces, true, c).is_some())
    })
}

/// The blocks of the right-to-left scripts: Hebrew to the Arabic extensions, their
/// presentation forms, and the historic and Arabic mathematical blocks of plane 1.
fn right_to_left(c: char) -> bool {
    matches!(u32::from(c), 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    // DOMAIN: EINV-6
    #[test]
    fn latin_greek_cyrillic_symbols_and_emoji_are_covered_and_other_scripts_are_not() {
        for printable in [
            "Zoë Ångström-Łukasiewicz, Nguyễn Thị Hằng",
            "Ελληνικά: Αθήνα, ΑΒΓΔ αβγδ",
            "Кириллица: Москва, Київ, Ђорђе",
            "€ £ ¥ ₹ ₽ № ™ © ® ° ± × ÷ → ⇒ ∑ √ ∞ ≠ ≤ ★ ☎ ✓ ✔ ❤ ☺",
            "😀 😂 👍 🎉 🚀 🤖 🏠 🇩🇪 ❤\u{fe0f}",
            "line one\nline\ttwo",
        ] {
            assert!(covers(printable), "{printable}");
        }
        for refused in ["東京", "서울", "עברית", "العربية", "हिन्दी", "ok \u{7}", "🫠", "\u{e000}"]
        {
            assert!(!covers(refused), "{refused}");
        }
    }

    // DOMAIN: EINV-6
    #[test]
    fn each_character_is_taken_from_the_first_font_that_has_it() {
        let faces = faces().unwrap();
        assert_eq!(pick(faces, false, 'A').unwrap().0, FaceId::Regular);
        assert_eq!(pick(faces, true, 'A').unwrap().0, FaceId::Bold);
        assert_eq!(pick(faces, false, '★').unwrap().0, FaceId::Symbols);
        assert_eq!(pick(faces, true, '👍').unwrap().0, FaceId::Emoji);
        assert!(pick(faces, false, '東').is_none());
    }
}
