//! The sRGB ICC profile of the PDF's output intent (PDF/A requires one for device colours).
//!
//! Written here rather than shipped as a binary: an ICC v2 display profile is a 128-byte header,
//! a tag table and nine small tags, all public facts of IEC 61966-2-1 (the primaries adapted to
//! the D50 connection space, the sRGB transfer curve). Generating it keeps the repository free of
//! a third licence and lets a test check every field.

/// The profile's bytes.
pub(crate) fn profile() -> Vec<u8> {
    let desc = text_description("sRGB IEC61966-2.1");
    let cprt = text("No copyright, use freely");
    // sRGB primaries and white point, chromatically adapted to D50 (Bradford), as ICC wants.
    let wtpt = xyz(0.9642, 1.0, 0.8249);
    let r = xyz(0.436_074_7, 0.222_504_5, 0.013_932_2);
    let g = xyz(0.385_064_9, 0.716_878_6, 0.097_104_5);
    let b = xyz(0.143_080_4, 0.060_616_9, 0.714_173_3);
    let trc = curve();
    // The three channels share one curve: the tag table may point several tags at one offset.
    let tags: [(&[u8; 4], &[u8]); 7] = [
        (b"desc", &desc),
        (b"cprt", &cprt),
        (b"wtpt", &wtpt),
        (b"rXYZ", &r),
        (b"gXYZ", &g),
        (b"bXYZ", &b),
        (b"rTRC", &trc),
    ];
    let table_len = 4 + 12 * (tags.len() + 2);
    let mut offsets = Vec::with_capacity(tags.len());
    let mut data = Vec::new();
    for (_, bytes) in &tags {
        offsets.push(128 + table_len + data.len());
        data.extend_from_slice(bytes);
        while data.len() % 4 != 0 {
            data.push(0);
        }
    }
    let size = 128 + table_len + data.len();
    let mut out = Vec::with_capacity(size);
    out.extend_from_slice(&be32(size));
    out.extend_from_slice(&[0; 4]); // preferred CMM: none
    out.extend_from_slice(&[0x02, 0x10, 0, 0]); // version 2.1
    out.extend_from_slice(b"mntrRGB XYZ ");
    out.extend_from_slice(&[0x07, 0xd0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0]); // 2000-01-01 00:00:00
    out.extend_from_slice(b"acsp");
    out.extend_from_slice(&[0; 4 + 4 + 4 + 4 + 8 + 4]); // platform, flags, maker, model, attributes, intent
    out.extend_from_slice(&xyz(0.9642, 1.0, 0.8249)[8..]); // the D50 illuminant
    out.extend_from_slice(&[0; 4 + 16 + 28]); // creator, profile ID, reserved
    out.extend_from_slice(&be32(tags.len() + 2));
    for (i, (sig, bytes)) in tags.iter().enumerate() {
        out.extend_from_slice(*sig);
        out.extend_from_slice(&be32(offsets[i]));
        out.extend_from_slice(&be32(bytes.len()));
    }
    let (trc_offset, trc_len) = (offsets[tags.len() - 1], trc.len());
    for sig in [b"gTRC", b"bTRC"] {
        out.extend_from_slice(sig);
        out.extend_from_slice(&be32(trc_offset));
        out.extend_from_slice(&be32(trc_len));
    }
    out.extend_from_slice(&data);
    out
}

fn be32(n: usize) -> [u8; 4] {
    u32::try_from(n).unwrap_or(u32::MAX).to_be_bytes()
}

/// An `XYZType` tag: three s15Fixed16Number values.
fn xyz(x: f64, y: f64, z: f64) -> Vec<u8> {
    let mut out = b"XYZ \0\0\0\0".to_vec();
    for v in [x, y, z] {
        out.extend_from_slice(&((v * 65536.0).round() as i32).to_be_bytes());
    }
    out
}

/// A `curveType` tag sampling the sRGB transfer function at 1024 points.
fn curve() -> Vec<u8> {
    const POINTS: usize = 1024;
    let mut out = b"curv\0\0\0\0".to_vec();
    out.extend_from_slice(&be32(POINTS));
    for i in 0..POINTS {
        let v = i as f64 / (POINTS - 1) as f64;
        let linear = if v <= 0.040_45 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) };
        out.extend_from_slice(&((linear * 65535.0).round() as u16).to_be_bytes());
    }
    out
}

/// A `textType` tag.
fn text(s: &str) -> Vec<u8> {
    let mut out = b"text\0\0\0\0".to_vec();
    out.extend_from_slice(s.as_bytes());
    out.push(0);
    out
}

/// A `textDescriptionType` tag (ICC v2): the ASCII description, empty Unicode and ScriptCode parts.
fn text_description(s: &str) -> Vec<u8> {
    let mut out = b"desc\0\0\0\0".to_vec();
    out.extend_from_slice(&be32(s.len() + 1));
    out.extend_from_slice(s.as_bytes());
    out.push(0);
    out.extend_from_slice(&[0; 8]); // Unicode language code and count
    out.extend_from_slice(&[0; 3]); // ScriptCode code and count
    out.extend_from_slice(&[0; 67]); // ScriptCode string
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // DOMAIN: EINV-3
    #[test]
    fn the_profile_is_a_well_formed_icc_v2_rgb_display_profile() {
        let p = profile();
        let u32_at = |at: usize| u32::from_be_bytes([p[at], p[at + 1], p[at + 2], p[at + 3]]) as usize;
        assert_eq!(u32_at(0), p.len(), "declared size");
        assert_eq!(&p[8..10], &[2, 0x10], "version 2.1");
        assert_eq!(&p[12..24], b"mntrRGB XYZ ");
        assert_eq!(&p[36..40], b"acsp");
        let count = u32_at(128);
        assert_eq!(count, 9);
        let mut sigs = Vec::new();
        for i in 0..count {
            let entry = 132 + 12 * i;
            let (offset, len) = (u32_at(entry + 4), u32_at(entry + 8));
            assert!(offset % 4 == 0 && offset + len <= p.len(), "tag {i} lies inside the profile");
            sigs.push(std::str::from_utf8(&p[entry..entry + 4]).unwrap().to_owned());
        }
        for required in ["desc", "cprt", "wtpt", "rXYZ", "gXYZ", "bXYZ", "rTRC", "gTRC", "bTRC"] {
            assert!(sigs.iter().any(|s| s == required), "{required}");
        }
    }
}
