#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;

use super::*;

/// Reads with a fresh budget; returns the text and the steps used.
fn run(kind: Kind, bytes: &[u8]) -> (Option<String>, u64) {
    let mut budget = Budget::new(WORK_BUDGET);
    let text = read(kind, bytes, &mut budget);
    assert!(
        budget.used() <= WORK_BUDGET + 64,
        "budget overrun: {}",
        budget.used()
    );
    (text, budget.used())
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

const HEADER: &str = "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI\nSố: 123/QĐ-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc";

// ---------------------------------------------------------------- zip writer for the tests

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// An entry: name, data as stored, method (0 stored, 8 deflate), declared size.
struct ZipEntry {
    name: String,
    data: Vec<u8>,
    method: u16,
    size: u32,
}

fn entry(name: &str, content: &[u8]) -> ZipEntry {
    ZipEntry {
        name: name.to_owned(),
        data: deflate(content),
        method: 8,
        size: content.len() as u32,
    }
}

/// A zip file (APPNOTE 4.3) of `entries`; `declared` overrides the entry count of the
/// end record.
fn zip(entries: &[ZipEntry], declared: Option<u16>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = out.len() as u32;
        let name = e.name.as_bytes();
        out.extend_from_slice(b"PK\x03\x04");
        out.extend_from_slice(&20u16.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(&e.method.to_le_bytes());
        out.extend_from_slice(&[0; 8]); // time, date, crc (not checked)
        out.extend_from_slice(&(e.data.len() as u32).to_le_bytes());
        out.extend_from_slice(&e.size.to_le_bytes());
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name);
        out.extend_from_slice(&e.data);
        central.extend_from_slice(b"PK\x01\x02");
        central.extend_from_slice(&20u16.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes());
        central.extend_from_slice(&0u16.to_le_bytes());
        central.extend_from_slice(&e.method.to_le_bytes());
        central.extend_from_slice(&[0; 8]);
        central.extend_from_slice(&(e.data.len() as u32).to_le_bytes());
        central.extend_from_slice(&e.size.to_le_bytes());
        central.extend_from_slice(&(name.len() as u16).to_le_bytes());
        central.extend_from_slice(&[0; 12]); // extra, comment, disk, attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name);
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    let count = declared.unwrap_or(entries.len() as u16);
    out.extend_from_slice(b"PK\x05\x06");
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

fn docx_xml(paragraphs: &[&str]) -> String {
    let mut body = String::new();
    for p in paragraphs {
        body.push_str("<w:p><w:r><w:rPr><w:sz w:val=\"28\"/></w:rPr><w:t xml:space=\"preserve\">");
        body.push_str(&p.replace('&', "&amp;").replace('<', "&lt;"));
        body.push_str("</w:t></w:r></w:p>");
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document \
         xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}\
         </w:body></w:document>"
    )
}

fn docx(xml: &str) -> Vec<u8> {
    zip(
        &[
            entry("[Content_Types].xml", b"<Types/>"),
            entry("_rels/.rels", b"<Relationships/>"),
            entry("word/document.xml", xml.as_bytes()),
        ],
        None,
    )
}

// ---------------------------------------------------------------- DOCX, ODT

#[test]
fn docx_paragraphs_become_lines() {
    let xml = docx_xml(&[
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
        "Số: 123/QĐ-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]);
    let (text, _) = run(Kind::Docx, &docx(&xml));
    assert_eq!(text.as_deref(), Some(HEADER));
}

/// Of a spreadsheet only the head of its strings is read: the ND30 header of a report made
/// as a sheet, not the list below it.
#[test]
fn xlsx_head_is_read_and_its_table_is_not() {
    let mut strings: Vec<String> = [
        "BẢO HIỂM XÃ HỘI TỈNH ĐẮK LẮK",
        "Số: 112/BC-BHXH",
        "<r><t>BÁO </t></r><r><t>CÁO</t></r><rPh><t>x</t></rPh>",
    ]
    .iter()
    .map(|s| {
        format!(
            "<si>{}</si>",
            if s.starts_with('<') {
                s.to_string()
            } else {
                format!("<t>{s}</t>")
            }
        )
    })
    .collect();
    strings.extend((1..=20).map(|i| format!("<si><t>{i}/GM-UBND</t></si>")));
    let xml = format!("<sst>{}</sst>", strings.concat());
    let bytes = zip(&[entry("xl/sharedStrings.xml", xml.as_bytes())], None);
    let (text, _) = run(Kind::Xlsx, &bytes);
    let text = text.unwrap();
    assert!(
        text.starts_with("BẢO HIỂM XÃ HỘI TỈNH ĐẮK LẮK\nSố: 112/BC-BHXH\nBÁO CÁO\n"),
        "{text}"
    );
    assert!(
        text.contains("7/GM-UBND") && !text.contains("8/GM-UBND"),
        "{text}"
    );
}

#[test]
fn docx_runs_tabs_breaks_entities_and_skipped_parts() {
    // A number split over runs (as Word does at a spell-check boundary), a tab, a break, an
    // entity and a character reference; a deleted run, a field code and the VML fallback copy
    // of a text box are not text.
    let xml = "<w:document xmlns:w=\"w\" xmlns:mc=\"mc\"><w:body>\
        <w:p><w:r><w:t>Số: 45/</w:t></w:r><w:r><w:t>TB-UBND</w:t></w:r><w:r><w:tab/><w:t>A &amp; B &#7840;</w:t></w:r></w:p>\
        <w:p><w:r><w:t>THÔNG</w:t><w:br/><w:t>BÁO</w:t></w:r>\
        <w:del><w:r><w:delText>xoá</w:delText><w:t>xoá</w:t></w:r></w:del>\
        <w:r><w:instrText> PAGE </w:instrText></w:r></w:p>\
        <mc:AlternateContent><mc:Choice><w:p><w:r><w:t>Hộp chữ</w:t></w:r></w:p></mc:Choice>\
        <mc:Fallback><w:p><w:r><w:t>Hộp chữ</w:t></w:r></w:p></mc:Fallback></mc:AlternateContent>\
        </w:body></w:document>";
    let (text, _) = run(Kind::Docx, &docx(xml));
    assert_eq!(
        text.as_deref(),
        Some("Số: 45/TB-UBND\tA & B Ạ\nTHÔNG\nBÁO\nHộp chữ")
    );
}

#[test]
fn docx_fixture_made_by_a_zip_library() {
    let (text, _) = run(Kind::Docx, &fixture("quyet-dinh.docx"));
    assert!(text.unwrap().starts_with(HEADER));
}

#[test]
fn odt_made_by_libreoffice() {
    let (text, _) = run(Kind::Odt, &fixture("quyet-dinh-libreoffice.odt"));
    let text = text.unwrap();
    assert!(text.starts_with(HEADER), "{text}");
    assert!(text.contains("\nQUYẾT ĐỊNH\n"));
}

#[test]
fn odt_spaces_tabs_and_annotations() {
    let xml = "<office:document-content><office:body><office:text>\
        <text:p>Số:<text:s/>12/<text:span>GM-UBND</text:span><text:tab/>x</text:p>\
        <text:p>GIẤY<text:line-break/>MỜI<office:annotation><text:p>ghi chú</text:p></office:annotation></text:p>\
        </office:text></office:body></office:document-content>";
    let odt = zip(
        &[
            entry("mimetype", b"application/vnd.oasis.opendocument.text"),
            entry("content.xml", xml.as_bytes()),
        ],
        None,
    );
    let (text, _) = run(Kind::Odt, &odt);
    assert_eq!(text.as_deref(), Some("Số: 12/GM-UBND\tx\nGIẤY\nMỜI"));
}

#[test]
fn stored_entries_and_missing_parts() {
    let xml = docx_xml(&["Số: 7/KH-UBND"]);
    let stored = zip(
        &[ZipEntry {
            name: "word/document.xml".into(),
            data: xml.clone().into_bytes(),
            method: 0,
            size: xml.len() as u32,
        }],
        None,
    );
    assert_eq!(run(Kind::Docx, &stored).0.as_deref(), Some("Số: 7/KH-UBND"));
    // No document.xml, not a zip, an unknown method, encrypted: nothing.
    let other = zip(&[entry("word/other.xml", xml.as_bytes())], None);
    assert_eq!(run(Kind::Docx, &other).0, None);
    assert_eq!(run(Kind::Docx, b"not a zip at all").0, None);
    let mut bzip = entry("word/document.xml", xml.as_bytes());
    bzip.method = 12;
    assert_eq!(run(Kind::Docx, &zip(&[bzip], None)).0, None);
}

// ---------------------------------------------------------------- hostile zips

/// A raw deflate stream that inflates to `mib` MiB of zeros: a block of 1 MiB compressed
/// with a full flush (byte-aligned, no reference to what came before), repeated, then an
/// empty final block. 1 GiB comes from about 1 MB.
fn zeros_bomb(mib: usize) -> Vec<u8> {
    let mut c = flate2::Compress::new(flate2::Compression::best(), false);
    let mut block = Vec::with_capacity(8 * 1024);
    let zeros = vec![0u8; 1 << 20];
    c.compress_vec(&zeros, &mut block, flate2::FlushCompress::Full)
        .unwrap();
    assert_eq!(c.total_in(), 1 << 20, "the block holds the whole MiB");
    let mut out = Vec::with_capacity(block.len() * mib + 8);
    for _ in 0..mib {
        out.extend_from_slice(&block);
    }
    // A final stored block of length 0.
    out.extend_from_slice(&[0x01, 0x00, 0x00, 0xFF, 0xFF]);
    out
}

#[test]
fn zip_bomb_disguised_as_docx_stops_at_the_cap() {
    let bomb = zeros_bomb(1024);
    assert!(bomb.len() < 2 * 1024 * 1024, "{}", bomb.len());
    // The bomb is valid: its first MiBs inflate to zeros.
    let mut head = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(flate2::read::DeflateDecoder::new(&bomb[..]), 3 << 20),
        &mut head,
    )
    .unwrap();
    assert_eq!(head.len(), 3 << 20);
    for declared in [u32::MAX, 1_000] {
        let file = zip(
            &[ZipEntry {
                name: "word/document.xml".into(),
                data: bomb.clone(),
                method: 8,
                size: declared,
            }],
            None,
        );
        let mut budget = Budget::new(WORK_BUDGET);
        let inflated = zip::entry(&file, "word/document.xml", &mut budget).unwrap();
        // Capped at the declared size, or at the cap when it declares more.
        assert_eq!(
            inflated.len(),
            (declared as usize).min(zip::MAX_ENTRY_BYTES)
        );
        let (text, steps) = run(Kind::Docx, &file);
        assert_eq!(text, None);
        assert!(
            steps <= 2 * (zip::MAX_ENTRY_BYTES as u64 / 256) + 64,
            "{steps}"
        );
    }
}

#[test]
fn zip_declaring_a_million_entries_is_walked_only_so_far() {
    // ZIP64 end records declaring 10^6 entries, over a directory of 3000 entries that are all
    // something else: at most MAX_ZIP_ENTRIES are looked at.
    let many: Vec<ZipEntry> = (0..3000)
        .map(|i| entry(&format!("x/{i}.xml"), b"<a/>"))
        .collect();
    let mut file = zip(&many, Some(0xFFFF));
    let eocd = file.len() - 22;
    let cd_offset = u32::from_le_bytes(file[eocd + 16..eocd + 20].try_into().unwrap());
    let cd_size = u32::from_le_bytes(file[eocd + 12..eocd + 16].try_into().unwrap());
    let mut z64 = Vec::new();
    let record_at = eocd as u64;
    z64.extend_from_slice(b"PK\x06\x06");
    z64.extend_from_slice(&44u64.to_le_bytes());
    z64.extend_from_slice(&[0; 12]);
    z64.extend_from_slice(&1_000_000u64.to_le_bytes());
    z64.extend_from_slice(&1_000_000u64.to_le_bytes());
    z64.extend_from_slice(&u64::from(cd_size).to_le_bytes());
    z64.extend_from_slice(&u64::from(cd_offset).to_le_bytes());
    z64.extend_from_slice(b"PK\x06\x07");
    z64.extend_from_slice(&[0; 4]);
    z64.extend_from_slice(&record_at.to_le_bytes());
    z64.extend_from_slice(&1u32.to_le_bytes());
    let tail = file.split_off(eocd);
    file.extend_from_slice(&z64);
    file.extend_from_slice(&tail);
    let mut budget = Budget::new(WORK_BUDGET);
    assert_eq!(zip::entry(&file, "word/document.xml", &mut budget), None);
    assert!(
        budget.used() <= zip::MAX_ZIP_ENTRIES as u64 + 600,
        "{}",
        budget.used()
    );
    // The same file with the document as entry 10: found through the ZIP64 record.
    let mut some: Vec<ZipEntry> = (0..10)
        .map(|i| entry(&format!("x/{i}.xml"), b"<a/>"))
        .collect();
    some.push(entry(
        "word/document.xml",
        docx_xml(&["Số: 9/TB-VP"]).as_bytes(),
    ));
    assert_eq!(
        run(Kind::Docx, &zip(&some, None)).0.as_deref(),
        Some("Số: 9/TB-VP")
    );
}

#[test]
fn zip_directory_pointing_outside_the_file() {
    let mut file = docx(&docx_xml(&["x"]));
    let eocd = file.len() - 22;
    file[eocd + 16..eocd + 20].copy_from_slice(&u32::MAX.to_le_bytes());
    assert_eq!(run(Kind::Docx, &file).0, None);
    // Truncated anywhere: no panic.
    let whole = docx(&docx_xml(&["Số: 1/TB-VP"]));
    for cut in 0..whole.len() {
        run(Kind::Docx, &whole[..cut]);
    }
}

#[test]
fn deeply_nested_xml_is_read_without_recursion() {
    let depth = 100_000;
    let xml = format!(
        "<w:document><w:body><w:p><w:r><w:t>Số: 3/TB-VP</w:t></w:r></w:p>{}{}</w:body></w:document>",
        "<w:x>".repeat(depth),
        "</w:x>".repeat(depth)
    );
    let (text, steps) = run(Kind::Docx, &docx(&xml));
    assert_eq!(text.as_deref(), Some("Số: 3/TB-VP"));
    assert!(steps <= WORK_BUDGET);
}

#[test]
fn text_is_capped() {
    let line = "Điều 1. Giao Sở Nội vụ chủ trì, phối hợp với các cơ quan liên quan.";
    let lines: Vec<&str> = std::iter::repeat_n(line, 5000).collect();
    let (text, _) = run(Kind::Docx, &docx(&docx_xml(&lines)));
    let text = text.unwrap();
    assert!(
        text.len() <= MAX_TEXT_BYTES && text.len() > MAX_TEXT_BYTES - 200,
        "{}",
        text.len()
    );
}

// ---------------------------------------------------------------- PDF writer for the tests

/// A PDF of `objects` (number, body) with a classic cross-reference table; `trailer` is added
/// to the trailer dictionary.
fn pdf(objects: &[(u32, Vec<u8>)], trailer: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let size = objects.iter().map(|o| o.0).max().unwrap_or(0) + 1;
    let mut offsets = vec![None; size as usize];
    for (n, body) in objects {
        offsets[*n as usize] = Some(out.len());
        out.extend_from_slice(format!("{n} 0 obj\n").as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {size}\n").as_bytes());
    for o in &offsets {
        match o {
            Some(at) => out.extend_from_slice(format!("{at:010} 00000 n \n").as_bytes()),
            None => out.extend_from_slice(b"0000000000 65535 f \n"),
        }
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {size} /Root 1 0 R {trailer}>>\nstartxref\n{xref}\n%%EOF\n")
            .as_bytes(),
    );
    out
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

fn flate_stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    stream(
        &format!("{dict} /Filter /FlateDecode"),
        &e.finish().unwrap(),
    )
}

/// A Type0 font with Identity-H two-byte codes, as Word writes Vietnamese: each distinct
/// character of `text` gets a glyph number from 0x0100 on, mapped back by bfchar entries;
/// digits keep their code (0x0030–0x0039) through one bfrange. Returns the font objects
/// (numbers `font`, `font + 1`, `font + 2`) and the encoder.
type Objects = Vec<(u32, Vec<u8>)>;

fn identity_h_font(font: u32, text: &str) -> (Objects, impl Fn(&str) -> String) {
    let mut chars: Vec<char> = text.chars().filter(|c| !c.is_ascii_digit()).collect();
    chars.sort_unstable();
    chars.dedup();
    let glyph = move |c: char| -> u16 {
        if c.is_ascii_digit() {
            c as u16
        } else {
            0x100 + chars.iter().position(|&x| x == c).unwrap() as u16
        }
    };
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CMapName /Adobe-Identity-UCS def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let distinct: Vec<char> = {
        let mut v: Vec<char> = text.chars().filter(|c| !c.is_ascii_digit()).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    // At most 100 entries per block (§9.10.3).
    for block in distinct.chunks(100) {
        cmap.push_str(&format!("{} beginbfchar\n", block.len()));
        for &c in block {
            let mut units = [0u16; 2];
            let hex: String = c
                .encode_utf16(&mut units)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            cmap.push_str(&format!("<{:04X}> <{hex}>\n", glyph(c)));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("1 beginbfrange\n<0030> <0039> <0030>\nendbfrange\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    let objects = vec![
        (
            font,
            format!(
                "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+TimesNewRomanPSMT /Encoding /Identity-H /DescendantFonts [{} 0 R] /ToUnicode {} 0 R >>",
                font + 1,
                font + 2
            )
            .into_bytes(),
        ),
        (
            font + 1,
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+TimesNewRomanPSMT /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 500 /W [48 [500 500 500 500 500 500 500 500 500 500]] /CIDToGIDMap /Identity >>".to_vec(),
        ),
        (font + 2, flate_stream("", cmap.as_bytes())),
    ];
    let encode = move |s: &str| -> String {
        let hex: String = s.chars().map(|c| format!("{:04X}", glyph(c))).collect();
        format!("<{hex}>")
    };
    (objects, encode)
}

/// A one-page PDF (objects 1–4, font 5–7) showing `lines` one under the other with an
/// Identity-H font.
fn word_like_pdf(lines: &[&str]) -> Vec<u8> {
    let all: String = lines.concat();
    let (font, encode) = identity_h_font(5, &all);
    let mut content = String::new();
    for (i, line) in lines.iter().enumerate() {
        // Word's way: one BT per line, a Tm, the text in TJ pieces with kerning.
        let y = 780 - 18 * i as i32;
        let (a, b) = line.split_at(
            line.char_indices()
                .nth(line.chars().count() / 2)
                .map_or(0, |x| x.0),
        );
        content.push_str(&format!(
            "BT\n/F1 13 Tf\n1 0 0 1 72 {y} Tm\n[{}-3{}]TJ\nET\n",
            encode(a),
            encode(b)
        ));
    }
    let mut objects = vec![
        (1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()),
        (2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec()),
        (
            3,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_vec(),
        ),
        (4, flate_stream("", content.as_bytes())),
    ];
    objects.extend(font);
    pdf(&objects, "")
}

/// A page showing `content` with the standard Helvetica (WinAnsi), objects 1–5.
fn simple_pdf(content: &[u8], extra: &[(u32, Vec<u8>)]) -> Vec<u8> {
    let mut objects = vec![
        (1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()),
        (2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec()),
        (
            3,
            b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_vec(),
        ),
        (4, stream("", content)),
        (5, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec()),
    ];
    for (n, body) in extra {
        objects.retain(|(m, _)| m != n);
        objects.push((*n, body.clone()));
    }
    objects.sort_by_key(|o| o.0);
    pdf(&objects, "")
}

// ---------------------------------------------------------------- PDF

#[test]
fn pdf_made_by_libreoffice_with_a_tounicode_cmap() {
    let (text, steps) = run(Kind::Pdf, &fixture("quyet-dinh-libreoffice.pdf"));
    let text = text.unwrap();
    assert!(text.starts_with(HEADER), "{text}");
    assert!(text.contains("\nQUYẾT ĐỊNH\nVề việc phê duyệt kế hoạch chuyển đổi số năm 2027\n"));
    assert!(steps < 5_000, "{steps}");
}

/// A CMap's hex strings are decoded in place, 64 bytes at most: a text of more than 32
/// UTF-16 units is read to its 32nd, as before; a code longer than 4 bytes is refused however
/// long it is.
#[test]
fn pdf_cmap_long_texts_and_codes_read_as_before() {
    let utf16: String = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
        .chars()
        .map(|c| format!("{:04X}", c as u32))
        .collect();
    let long_code = "42".repeat(70);
    let cmap = format!(
        "/CIDInit /ProcSet findresource begin\nbegincmap\n2 beginbfchar\n<41> <{utf16}>\n<{long_code}> <0058>\nendbfchar\nendcmap\n"
    );
    let content = b"BT /F1 12 Tf 72 700 Td [<41>] TJ 0 -20 Td <42> Tj ET";
    let extra = [
        (
            5,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>".to_vec(),
        ),
        (6, flate_stream("", cmap.as_bytes())),
    ];
    let (text, _) = run(Kind::Pdf, &simple_pdf(content, &extra));
    assert_eq!(text.as_deref(), Some("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef\nB"));
}

#[test]
fn pdf_identity_h_two_byte_codes_as_word_writes() {
    let lines = [
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
        "Số: 123/QĐ-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ];
    let (text, _) = run(Kind::Pdf, &word_like_pdf(&lines));
    assert_eq!(text.as_deref(), Some(HEADER));
}

#[test]
fn pdf_lines_and_spaces_follow_the_text_position() {
    // Two columns on one baseline (a space), pieces that follow each other (no space), a
    // move down (a line), ' and " (lines), TJ with a wide gap (a space).
    let content = b"BT /F1 12 Tf 72 800 Td (UBND TINH) Tj 250 0 Td (CONG HOA) Tj ET\n\
        BT /F1 12 Tf 14 TL 72 780 Td (So: 45/) Tj (TB-UBND) Tj T* (Hue, ngay 2) Tj (thang 12) ' \
        1 0 (nam 2026) \" T* [(A) -50 (B) -900 (C)] TJ ET";
    let (text, _) = run(Kind::Pdf, &simple_pdf(content, &[]));
    assert_eq!(
        text.as_deref(),
        Some("UBND TINH CONG HOA\nSo: 45/TB-UBND\nHue, ngay 2\nthang 12\nnam 2026\nAB C")
    );
}

#[test]
fn pdf_literal_strings_escapes_nesting_and_winansi() {
    // Plain strings take the one-copy path; escapes (octal, \n, a continued line), balanced
    // parentheses and WinAnsi bytes above 0x7F (\226 is an en dash) take the general one;
    // a hex string with an odd digit count ends with a 0 (§7.3.4.3).
    let content = b"BT /F1 12 Tf 72 800 Td (Plain text) Tj 0 -20 Td (A \\(B\\) \\101\\n) Tj \
        0 -20 Td (x (nested) y) Tj 0 -20 Td (cont\\\ninued \\226 end) Tj 0 -20 Td <4142434> Tj ET";
    let (text, _) = run(Kind::Pdf, &simple_pdf(content, &[]));
    assert_eq!(
        text.as_deref(),
        Some("Plain text\nA (B) A\nx (nested) y\ncontinued \u{2013} end\nABC@")
    );
}

#[test]
fn pdf_with_xref_stream_object_stream_and_predictor() {
    // PDF 1.5 structure (Word's and iText's): the page tree and the font in a compressed
    // object stream, a cross-reference stream with PNG Up prediction, and an incremental
    // update on top (as a signature adds) that replaces the content stream.
    let (font, encode) = identity_h_font(5, "Số: 45/TB-UBNDTHÔNGBÁO");
    let content_old = format!("BT /F1 12 Tf 72 800 Td {} Tj ET", encode("THÔNG"));
    let content_new = format!(
        "BT /F1 12 Tf 72 800 Td {} Tj 0 -20 Td {} Tj ET",
        encode("Số: 45/TB-UBND"),
        encode("THÔNG BÁO")
    );
    let in_stream: Vec<(u32, Vec<u8>)> = vec![
        (1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()),
        (2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec()),
        (3, b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_vec()),
        (5, font[0].1.clone()),
        (6, font[1].1.clone()),
    ];
    let mut header = String::new();
    let mut body = Vec::new();
    for (n, b) in &in_stream {
        header.push_str(&format!("{n} {} ", body.len()));
        body.extend_from_slice(b);
        body.push(b' ');
    }
    let mut objstm_data = header.clone().into_bytes();
    objstm_data.extend_from_slice(&body);
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = std::collections::BTreeMap::new();
    let mut put = |out: &mut Vec<u8>, n: u32, b: &[u8]| {
        offsets.insert(n, out.len());
        out.extend_from_slice(format!("{n} 0 obj\n").as_bytes());
        out.extend_from_slice(b);
        out.extend_from_slice(b"\nendobj\n");
    };
    put(&mut out, 4, &flate_stream("", content_old.as_bytes()));
    put(&mut out, 7, &font[2].1);
    put(
        &mut out,
        8,
        &flate_stream(
            &format!(
                "/Type /ObjStm /N {} /First {}",
                in_stream.len(),
                header.len()
            ),
            &objstm_data,
        ),
    );
    // Rows of (type 1 byte, field 2: 4 bytes, field 3: 2 bytes), objects 0–9.
    let mut rows = Vec::new();
    for n in 0u32..10 {
        let (t, f2, f3): (u8, u32, u16) = if let Some(i) = in_stream.iter().position(|o| o.0 == n) {
            (2, 8, i as u16)
        } else if let Some(&at) = offsets.get(&n) {
            (1, at as u32, 0)
        } else {
            (0, 0, 0)
        };
        let mut row = vec![t];
        row.extend_from_slice(&f2.to_be_bytes());
        row.extend_from_slice(&f3.to_be_bytes());
        rows.push(row);
    }
    let xref_at = out.len();
    rows[9] = {
        let mut r = vec![1];
        r.extend_from_slice(&(xref_at as u32).to_be_bytes());
        r.extend_from_slice(&[0, 0]);
        r
    };
    // PNG "Up" prediction: each row minus the row above, after a filter byte 2.
    let mut predicted = Vec::new();
    let mut prev = vec![0u8; 7];
    for r in &rows {
        predicted.push(2);
        predicted.extend(r.iter().zip(&prev).map(|(a, b)| a.wrapping_sub(*b)));
        prev = r.clone();
    }
    let xref = flate_stream(
        "/Type /XRef /Size 10 /W [1 4 2] /Root 1 0 R /DecodeParms << /Predictor 12 /Columns 7 >>",
        &predicted,
    );
    out.extend_from_slice(b"9 0 obj\n");
    out.extend_from_slice(&xref);
    out.extend_from_slice(format!("\nendobj\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
    // The read of the original file sees the old content.
    assert_eq!(run(Kind::Pdf, &out).0.as_deref(), Some("THÔNG"));
    // Incremental update: a new object 4 and a classic table with /Prev.
    let new4 = out.len();
    out.extend_from_slice(b"4 0 obj\n");
    out.extend_from_slice(&flate_stream("", content_new.as_bytes()));
    out.extend_from_slice(b"\nendobj\n");
    let table = out.len();
    out.extend_from_slice(
        format!("xref\n0 1\n0000000000 65535 f \n4 1\n{new4:010} 00000 n \ntrailer\n<< /Size 10 /Root 1 0 R /Prev {xref_at} >>\nstartxref\n{table}\n%%EOF\n").as_bytes(),
    );
    assert_eq!(
        run(Kind::Pdf, &out).0.as_deref(),
        Some("Số: 45/TB-UBND\nTHÔNG BÁO")
    );
}

#[test]
fn pdf_first_two_pages_only_with_inherited_resources() {
    let page = |n: u32, c: u32| {
        (
            n,
            format!("<< /Type /Page /Parent 2 0 R /Contents {c} 0 R >>").into_bytes(),
        )
    };
    let objects = vec![
        (1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()),
        // Resources inherited from the root of the tree; a nested Pages node.
        (2, b"<< /Type /Pages /Kids [10 0 R 3 0 R] /Count 3 /Resources << /Font << /F1 5 0 R >> >> >>".to_vec()),
        (10, b"<< /Type /Pages /Parent 2 0 R /Kids [11 0 R 12 0 R] /Count 2 >>".to_vec()),
        page(11, 21),
        page(12, 22),
        page(3, 23),
        (5, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec()),
        (21, stream("", b"BT /F1 12 Tf 72 800 Td (trang 1) Tj ET")),
        (22, stream("", b"BT /F1 12 Tf 72 800 Td (trang 2) Tj ET")),
        (23, stream("", b"BT /F1 12 Tf 72 800 Td (trang 3) Tj ET")),
    ];
    assert_eq!(
        run(Kind::Pdf, &pdf(&objects, "")).0.as_deref(),
        Some("trang 1\ntrang 2")
    );
}

#[test]
fn pdf_without_text_layer_or_readable_font_gives_nothing() {
    // A scan: an image and no text operator.
    let scan = simple_pdf(b"q 595 0 0 842 0 0 cm /Im0 Do Q", &[]);
    assert_eq!(run(Kind::Pdf, &scan).0, None);
    // A composite font without ToUnicode: glyph numbers are not text.
    let no_cmap = simple_pdf(
        b"BT /F1 12 Tf 72 800 Td <00410042> Tj ET",
        &[(
            5,
            b"<< /Type /Font /Subtype /Type0 /Encoding /Identity-H /DescendantFonts [] >>".to_vec(),
        )],
    );
    assert_eq!(run(Kind::Pdf, &no_cmap).0, None);
    // Encrypted.
    let mut enc = simple_pdf(b"BT /F1 12 Tf (x) Tj ET", &[]);
    let at = enc.windows(7).rposition(|w| w == b"/Root 1").unwrap();
    enc.splice(at..at, b"/Encrypt << /Filter /Standard >> ".iter().copied());
    assert_eq!(run(Kind::Pdf, &enc).0, None);
    assert_eq!(run(Kind::Pdf, b"%PDF-1.4\n").0, None);
    assert_eq!(run(Kind::Pdf, b"GIF89a").0, None);
}

#[test]
fn pdf_inline_image_is_skipped() {
    let content = b"BT /F1 12 Tf 72 800 Td (So: 1/TB) Tj ET BI /W 4 /H 1 /BPC 8 /CS /G ID \x00(Tj)EI\xff\nEI BT /F1 12 Tf 72 700 Td (sau) Tj ET";
    assert_eq!(
        run(Kind::Pdf, &simple_pdf(content, &[])).0.as_deref(),
        Some("So: 1/TB\nsau")
    );
}

#[test]
fn pdf_broken_cross_reference_is_rebuilt_by_scanning() {
    let mut file = simple_pdf(b"BT /F1 12 Tf 72 800 Td (So: 45/TB-UBND) Tj ET", &[]);
    // Every offset of the table off by 7 bytes, and startxref wrong.
    file.splice(9..9, b"%junk\n\n".iter().copied());
    assert_eq!(run(Kind::Pdf, &file).0.as_deref(), Some("So: 45/TB-UBND"));
    let at = file.windows(9).rposition(|w| w == b"startxref").unwrap();
    file.truncate(at);
    file.extend_from_slice(b"startxref\n99999999\n%%EOF\n");
    assert_eq!(run(Kind::Pdf, &file).0.as_deref(), Some("So: 45/TB-UBND"));
}

// ---------------------------------------------------------------- hostile PDFs

#[test]
fn pdf_with_a_million_objects_costs_what_its_first_page_costs() {
    // 10^6 objects behind a cross-reference stream (5 bytes a row), the page tree at the end.
    let n = 1_000_000u32;
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = vec![0u32; n as usize + 8];
    for i in 1..n {
        offsets[i as usize] = out.len() as u32;
        out.extend_from_slice(format!("{i} 0 obj {i} endobj\n").as_bytes());
    }
    let tail: Vec<(u32, Vec<u8>)> = vec![
        (n, b"<< /Type /Catalog /Pages 1000001 0 R >>".to_vec()),
        (
            n + 1,
            b"<< /Type /Pages /Kids [1000002 0 R] /Count 1 >>".to_vec(),
        ),
        (
            n + 2,
            b"<< /Type /Page /Contents 1000003 0 R /Resources << /Font << /F1 1000004 0 R >> >> >>"
                .to_vec(),
        ),
        (
            n + 3,
            stream("", b"BT /F1 12 Tf 72 800 Td (So: 45/TB-UBND) Tj ET"),
        ),
        (
            n + 4,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        ),
    ];
    for (i, body) in &tail {
        offsets[*i as usize] = out.len() as u32;
        out.extend_from_slice(format!("{i} 0 obj\n").as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let size = n + 6;
    let xref_at = out.len() as u32;
    offsets[(n + 5) as usize] = xref_at;
    let mut rows = Vec::with_capacity(size as usize * 5);
    for at in &offsets[..size as usize] {
        rows.push(1u8);
        rows.extend_from_slice(&at.to_be_bytes());
    }
    assert!(out.len() < MAX_ATTACHMENT_BYTES, "{}", out.len());
    out.extend_from_slice(format!("{} 0 obj\n", n + 5).as_bytes());
    out.extend_from_slice(&stream(
        &format!("/Type /XRef /Size {size} /W [1 4 0] /Root {n} 0 R"),
        &rows,
    ));
    out.extend_from_slice(format!("\nendobj\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
    let (text, steps) = run(Kind::Pdf, &out);
    assert_eq!(text.as_deref(), Some("So: 45/TB-UBND"));
    // The cross-reference stream is copied (5 MB: 20,000 steps); nothing else grows with the
    // object count.
    assert!(steps < 25_000, "{steps}");
    // Without a usable cross-reference, the scan indexes at most MAX_SCANNED_OBJECTS and
    // stops: the page tree at the end is not found, and the work stays within the budget.
    let at = out.windows(9).rposition(|w| w == b"startxref").unwrap();
    out.truncate(at);
    out.extend_from_slice(b"startxref\n1\n%%EOF\n");
    let (text, steps) = run(Kind::Pdf, &out);
    assert_eq!(text, None);
    assert!(steps <= WORK_BUDGET, "{steps}");
}

#[test]
fn pdf_deep_nesting_is_refused_not_recursed() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    // In an object on the path (the page's dictionary), in the content stream, and in an
    // object off the path (never parsed).
    let in_page = simple_pdf(
        b"BT /F1 12 Tf (x) Tj ET",
        &[(
            3,
            format!("<< /Type /Page /Parent 2 0 R /Contents 4 0 R /X {deep} >>").into_bytes(),
        )],
    );
    let (text, steps) = run(Kind::Pdf, &in_page);
    assert_eq!(text, None);
    assert!(steps < 1_000, "{steps}");
    let in_content = simple_pdf(
        format!("BT /F1 12 Tf 72 800 Td (So: 1/TB) Tj {deep} (x) Tj ET").as_bytes(),
        &[],
    );
    let (text, steps) = run(Kind::Pdf, &in_content);
    // The operand that nests too deep is dropped; reading goes on after it, token by token.
    assert!(text.unwrap().starts_with("So: 1/TB"));
    assert!(steps <= WORK_BUDGET, "{steps}");
    let off_path = simple_pdf(
        b"BT /F1 12 Tf 72 800 Td (So: 1/TB) Tj ET",
        &[(9, deep.into_bytes())],
    );
    let (text, steps) = run(Kind::Pdf, &off_path);
    assert_eq!(text.as_deref(), Some("So: 1/TB"));
    assert!(steps < 1_000, "{steps}");
    // Nested dictionaries as deep.
    let dicts = format!("{}{}", "<</A ".repeat(100_000), ">>".repeat(100_000));
    let (text, _) = run(Kind::Pdf, &simple_pdf(b"", &[(2, dicts.into_bytes())]));
    assert_eq!(text, None);
}

#[test]
fn pdf_stream_declaring_a_gigabyte() {
    let content = b"BT /F1 12 Tf 72 800 Td (So: 45/TB-UBND) Tj ET";
    let mut body = b"<< /Length 1000000000 >>\nstream\n".to_vec();
    body.extend_from_slice(content);
    body.extend_from_slice(b"\nendstream");
    let (text, steps) = run(Kind::Pdf, &simple_pdf(b"", &[(4, body)]));
    assert_eq!(text.as_deref(), Some("So: 45/TB-UBND"));
    assert!(steps < 1_000, "{steps}");
    // Without "endstream" at all: unreadable, not a read past the end.
    let mut body = b"<< /Length 1000000000 >>\nstream\n".to_vec();
    body.extend_from_slice(content);
    let (text, _) = run(Kind::Pdf, &simple_pdf(b"", &[(4, body)]));
    assert_eq!(text, None);
}

#[test]
fn pdf_flate_bomb_in_the_content_is_capped() {
    // A content stream inflating to 1 GiB of zeros, then one of text: each stops at
    // MAX_STREAM_BYTES, the text at MAX_TEXT_BYTES.
    let mut z = vec![0x78, 0x01];
    z.extend_from_slice(&zeros_bomb(1024));
    let mut body = format!("<< /Filter /FlateDecode /Length {} >>\nstream\n", z.len()).into_bytes();
    body.extend_from_slice(&z);
    body.extend_from_slice(b"\nendstream");
    let (text, steps) = run(Kind::Pdf, &simple_pdf(b"", &[(4, body)]));
    assert_eq!(text, None);
    assert!(
        steps < 2 * (pdf::MAX_STREAM_BYTES as u64 / 256) + 1_000,
        "{steps}"
    );
    let text_bomb =
        b"BT /F1 12 Tf 72 800 Td (Dieu 1. Giao So Noi vu chu tri thuc hien.) Tj 0 -14 Td ET\n"
            .repeat(20_000);
    let (text, _) = run(
        Kind::Pdf,
        &simple_pdf(b"", &[(4, flate_stream("", &text_bomb))]),
    );
    assert!(text.unwrap().len() <= MAX_TEXT_BYTES);
}

#[test]
fn pdf_cyclic_page_trees_end() {
    // /Kids pointing to the node itself, two nodes pointing to each other, a page whose
    // /Contents is a reference cycle.
    let own = pdf(
        &[
            (1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()),
            (
                2,
                b"<< /Type /Pages /Kids [2 0 R 2 0 R] /Count 1 >>".to_vec(),
            ),
        ],
        "",
    );
    let (text, steps) = run(Kind::Pdf, &own);
    assert_eq!(text, None);
    assert!(steps < 200, "{steps}");
    let pair = pdf(
        &[
            (1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()),
            (2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec()),
            (
                3,
                b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 1 >>".to_vec(),
            ),
        ],
        "",
    );
    let (text, steps) = run(Kind::Pdf, &pair);
    assert_eq!(text, None);
    assert!(steps < 200, "{steps}");
    let refs = simple_pdf(b"", &[(4, b"6 0 R".to_vec()), (6, b"4 0 R".to_vec())]);
    let (text, steps) = run(Kind::Pdf, &refs);
    assert_eq!(text, None);
    assert!(steps < 500, "{steps}");
    // A wide tree: 10^5 kids on one node, all pointing back to the root.
    let kids = "2 0 R ".repeat(100_000);
    let wide = pdf(
        &[
            (1, b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()),
            (
                2,
                format!("<< /Type /Pages /Kids [{kids}] /Count 1 >>").into_bytes(),
            ),
        ],
        "",
    );
    let (text, steps) = run(Kind::Pdf, &wide);
    assert_eq!(text, None);
    assert!(steps <= WORK_BUDGET, "{steps}");
}

#[test]
fn pdf_prev_chain_loop_and_truncations_end() {
    let mut file = simple_pdf(b"BT /F1 12 Tf 72 800 Td (So: 1/TB) Tj ET", &[]);
    // The trailer's /Prev points at its own table.
    let xref = file.windows(5).rposition(|w| w == b"xref\n").unwrap();
    let at = file.windows(7).rposition(|w| w == b"/Root 1").unwrap();
    file.splice(at..at, format!("/Prev {xref} ").bytes());
    assert_eq!(run(Kind::Pdf, &file).0.as_deref(), Some("So: 1/TB"));
    // Cut anywhere: no panic, bounded.
    let whole = word_like_pdf(&["Số: 123/QĐ-UBND"]);
    for cut in (0..whole.len()).step_by(7) {
        let (_, steps) = run(Kind::Pdf, &whole[..cut]);
        assert!(steps <= WORK_BUDGET);
    }
}

// ---------------------------------------------------------------- kinds, and the recogniser

#[test]
fn kinds_by_name_and_type() {
    assert_eq!(kind("Quyết định 12.PDF", None), Some(Kind::Pdf));
    assert_eq!(kind("GM 145-UBND.docx", None), Some(Kind::Docx));
    assert_eq!(kind("x.odt", None), Some(Kind::Odt));
    assert_eq!(kind("", Some("application/pdf; name=x")), Some(Kind::Pdf));
    assert_eq!(
        kind(
            "noname",
            Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        ),
        Some(Kind::Docx)
    );
    assert_eq!(
        kind(
            "DS",
            Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        ),
        Some(Kind::Xlsx)
    );
    assert_eq!(kind("DS.xls", Some("application/vnd.ms-excel")), None);
    assert_eq!(kind("scan.jpg", Some("image/jpeg")), None);
    // A name that says PDF over bytes that are not: nothing.
    assert_eq!(attachment_text("x.pdf", None, b"PK\x03\x04"), None);
}

fn base64(data: &[u8]) -> String {
    const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for (i, chunk) in data.chunks(3).enumerate() {
        if i > 0 && i % 19 == 0 {
            out.push_str("\r\n");
        }
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A message whose only document number is inside the text layer of its PDF.
fn message_with_pdf(pdf: &[u8]) -> Vec<u8> {
    format!(
        "From: Van thu <vanthu@snv.quangngai.gov.vn>\r\n\
         To: phong@ubnd.quangngai.gov.vn\r\n\
         Subject: =?UTF-8?B?{}?=\r\n\
         Date: Wed, 02 Dec 2026 08:00:00 +0700\r\n\
         Message-ID: <pdf-only@snv.quangngai.gov.vn>\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
         --b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\
         Văn thư gửi văn bản đính kèm.\r\n\
         --b\r\nContent-Type: application/pdf; name=\"vanban.pdf\"\r\n\
         Content-Disposition: attachment; filename=\"vanban.pdf\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{}\r\n--b--\r\n",
        base64("Gửi văn bản".as_bytes()),
        base64(pdf)
    )
    .into_bytes()
}

#[test]
fn recogniser_reads_the_number_in_the_pdf_text_layer() {
    let lines = [
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
        "SỞ NỘI VỤ",
        "Số: 45/TB-SNV",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "THÔNG BÁO",
        "Kết luận của Giám đốc Sở tại cuộc họp giao ban",
    ];
    let raw = message_with_pdf(&word_like_pdf(&lines));
    let r = super::super::recognise_bytes(&raw).unwrap();
    assert!(r.official, "{:?}", r.evidence);
    assert_eq!(
        r.doc_type,
        Some(super::super::DocType::ThongBao),
        "{:?}",
        r.evidence
    );
    assert_eq!(r.number.as_deref(), Some("45/TB-SNV"), "{:?}", r.evidence);
    // Delivery's path (no evidence) decides the same.
    let parsed = mail_parser::MessageParser::default()
        .parse(&raw[..])
        .unwrap();
    assert_eq!(
        super::super::recognise(&parsed).number.as_deref(),
        Some("45/TB-SNV")
    );
}

#[test]
fn pdf_predictor_parameters_cannot_size_a_huge_row() {
    // Colors × BitsPerComponent × Columns of 4096 each would be an 8.6 GB row: refused
    // before any buffer is made; the content is unreadable, nothing else.
    let content = b"BT /F1 12 Tf 72 800 Td (So: 1/TB) Tj ET";
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(content).unwrap();
    let z = e.finish().unwrap();
    let body = stream(
        "/Filter /FlateDecode /DecodeParms << /Predictor 12 /Colors 4096 /BitsPerComponent 4096 /Columns 4096 >>",
        &z,
    );
    let (text, steps) = run(Kind::Pdf, &simple_pdf(b"", &[(4, body)]));
    assert_eq!(text, None);
    assert!(steps < 1_000, "{steps}");
}

/// A message whose note is `note` and whose one DOCX attachment holds `paragraphs`.
fn message_with_docx(note: &str, paragraphs: &[&str]) -> Vec<u8> {
    format!(
        "From: Van thu <vanthu@stp.quangngai.gov.vn>\r\n\
         To: phong@ubnd.quangngai.gov.vn\r\n\
         Subject: =?UTF-8?B?{}?=\r\n\
         Date: Wed, 02 Dec 2026 08:00:00 +0700\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
         --b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\
         {note}\r\n\
         --b\r\nContent-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\r\n\
         Content-Disposition: attachment; filename=\"van ban.docx\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{}\r\n--b--\r\n",
        base64("Gửi văn bản".as_bytes()),
        base64(&docx(&docx_xml(paragraphs)))
    )
    .into_bytes()
}

/// What the message says it sends outranks what an attachment's text says: a công văn that
/// encloses a Quyết định for information is the công văn; a draft enclosed for comments gives
/// neither type nor number.
#[test]
fn the_message_outranks_its_attachments_text() {
    let raw = message_with_docx(
        "Kính gửi các phòng,\r\n\r\nSở Tư pháp gửi Công văn số 233/STP-XDVB kèm Quyết định \
         để các phòng biết.\r\n\r\nTrân trọng./.",
        &[
            "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
            "Số: 1801/QĐ-UBND",
            "QUYẾT ĐỊNH",
            "Về việc công bố thủ tục hành chính",
        ],
    );
    let r = super::super::recognise_bytes(&raw).unwrap();
    assert_eq!(
        r.doc_type,
        Some(super::super::DocType::CongVan),
        "{:?}",
        r.evidence
    );
    assert_eq!(
        r.number.as_deref(),
        Some("233/STP-XDVB"),
        "{:?}",
        r.evidence
    );
    let raw = message_with_docx(
        "Kính gửi các phòng,\r\n\r\nGửi các phòng văn bản đính kèm để góp ý.\r\n\r\nTrân trọng./.",
        &[
            "DỰ THẢO",
            "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
            "Số:      /QĐ-UBND",
            "QUYẾT ĐỊNH",
            "Ban hành Quy chế làm việc",
        ],
    );
    let r = super::super::recognise_bytes(&raw).unwrap();
    assert!(!r.official, "{:?}", r.evidence);
}

/// `inflate_into`, which keeps one decompressor per thread, gives what miniz_oxide's own
/// one-shot inflation gives (a fresh decompressor every time) on whole, capped, truncated
/// and corrupt streams, zlib and raw, one after another (the reset state carries nothing
/// over from the stream before).
#[test]
fn inflation_with_a_reused_decompressor_matches_a_fresh_one() {
    use miniz_oxide::inflate::{decompress_to_vec_with_limit, decompress_to_vec_zlib_with_limit};
    let text: Vec<u8> = (0..20_000u32)
        .map(|i| b"Quyet dinh so 12/QD-UBND ve viec "[(i % 33) as usize] ^ (i / 700) as u8)
        .collect();
    let raw = deflate(&text);
    let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    zlib.write_all(&text).unwrap();
    let zlib = zlib.finish().unwrap();
    let mut corrupt = raw.clone();
    corrupt[raw.len() / 2] ^= 0x5A;
    let cases: Vec<(&[u8], bool)> = vec![
        (&raw, false),
        (&zlib, true),
        (&raw[..raw.len() / 3], false),
        (&zlib[..zlib.len() / 2], true),
        (&corrupt, false),
        (b"", false),
        (b"\xff\xff\xff", false),
        (&raw, true),
    ];
    for cap in [0, 1, 100, 4096, 19_999, 1 << 20] {
        for (i, &(data, is_zlib)) in cases.iter().enumerate() {
            let expected = if is_zlib {
                decompress_to_vec_zlib_with_limit(data, cap)
            } else {
                decompress_to_vec_with_limit(data, cap)
            };
            let mut expected = expected.unwrap_or_else(|e| e.output);
            expected.truncate(cap);
            let mut out = Vec::new();
            inflate_into(data, is_zlib, cap, &mut out);
            assert_eq!(out, expected, "case {i}, cap {cap}");
        }
    }
}

/// `push_plain_start` and then a character at a time keeps exactly what a character at a
/// time keeps, whatever the text holds (controls, C1 controls, U+00A0, multi-byte letters)
/// and however close to the limit the text already is.
#[test]
fn a_plain_start_pushed_at_once_keeps_what_pushing_each_character_keeps() {
    let alphabet = [
        "a", " ", "Số", "ệ", "Đ", "\n", "\r", "\t", "\u{7f}", "\u{85}", "\u{a0}", "«", "😀", "\0",
    ];
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for case in 0..3000 {
        let text: String = (0..next() % 40)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
            .collect();
        // Already nearly full, at a few distances from the limit.
        let filled = match case % 4 {
            0 => 0,
            n => MAX_TEXT_BYTES - (next() % (8 * n as u64)) as usize,
        };
        let start = "x".repeat(filled);
        let mut by_char = TextOut::default();
        by_char.push_str_by_char(&start);
        let mut at_once = TextOut::default();
        at_once.push_str_by_char(&start);
        for c in text.chars() {
            by_char.push(c);
        }
        for c in at_once.push_plain_start(&text).chars() {
            at_once.push(c);
        }
        assert_eq!(at_once.text, by_char.text, "{text:?} after {filled} bytes");
        let mut via_str = TextOut::default();
        via_str.push_str_by_char(&start);
        via_str.push_str(&text);
        let mut by_char = TextOut::default();
        by_char.push_str_by_char(&start);
        by_char.push_str_by_char(&text);
        assert_eq!(via_str.text, by_char.text, "{text:?} after {filled} bytes");
    }
}

impl TextOut {
    /// `push_str` as it was: a character at a time.
    fn push_str_by_char(&mut self, s: &str) {
        for c in s.chars() {
            if self.full() {
                return;
            }
            self.push(c);
        }
    }
}

/// Under a small budget (what a session's task allows a message, `Reading::within`) a bomb's
/// stream is inflated only as far as the steps left pay for: the steps charged, which are the
/// work done, stay within the budget (and the scans of the file's own bytes), and the budget
/// says it ran out. Without
/// that bound one stream would be inflated to its cap (2 MiB of a DOCX entry: 8,192 steps'
/// worth) before any step was charged.
#[test]
fn a_small_budget_bounds_the_inflation_of_a_bomb() {
    let docx = zip(
        &[ZipEntry {
            name: "word/document.xml".into(),
            data: zeros_bomb(64),
            method: 8,
            size: u32::MAX,
        }],
        None,
    );
    let mut z = vec![0x78, 0x01];
    z.extend_from_slice(&zeros_bomb(64));
    let mut body = format!("<< /Filter /FlateDecode /Length {} >>\nstream\n", z.len()).into_bytes();
    body.extend_from_slice(&z);
    body.extend_from_slice(b"\nendstream");
    let pdf = simple_pdf(b"", &[(4, body)]);
    for (kind, file) in [(Kind::Docx, &docx), (Kind::Pdf, &pdf)] {
        for limit in [0, 100, 2_000] {
            let mut budget = Budget::new(limit);
            let _ = read(kind, file, &mut budget);
            assert!(budget.exhausted(), "{kind:?} within {limit}");
            // Scans of the file's own bytes are charged as they end (the zip's end record
            // is looked for in its last 64 KiB): at most the file's length in steps.
            assert!(
                budget.used() <= limit + file.len() as u64 / 256 + 64,
                "{kind:?} within {limit}: {} steps",
                budget.used()
            );
        }
    }
    // The full budget inflates to the cap, as before.
    let mut budget = Budget::new(WORK_BUDGET);
    let inflated = zip::entry(&docx, "word/document.xml", &mut budget).unwrap();
    assert_eq!(inflated.len(), zip::MAX_ENTRY_BYTES);
}

/// A message's attachments share the budget of a `Reading::within`: a second file is not
/// read once the first has used it up, and the reading says it ran out.
#[test]
fn a_shared_reading_is_exhausted_by_its_files_together() {
    let pdf = simple_pdf(b"BT /F1 12 Tf 72 800 Td (So: 45/TB-UBND) Tj ET", &[]);
    let (_, steps) = run(Kind::Pdf, &pdf);
    let raw = format!(
        "Subject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n\
         --b\r\nContent-Type: application/pdf; name=a.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n{0}\r\n\
         --b\r\nContent-Type: application/pdf; name=b.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n{0}\r\n--b--\r\n",
        base64(&pdf)
    );
    let message = mail_parser::MessageParser::default()
        .parse(raw.as_bytes())
        .unwrap();
    let read_all = |reading: &mut Reading| {
        message
            .parts
            .iter()
            .filter_map(|p| of_part(p, reading))
            .collect::<Vec<_>>()
    };
    let mut both = Reading::within(2 * steps);
    assert_eq!(read_all(&mut both).len(), 2);
    assert!(!both.exhausted());
    let mut one = Reading::within(steps + steps / 2);
    let texts = read_all(&mut one);
    assert!(one.exhausted());
    assert!(texts.len() <= 1, "{texts:?}");
}
