//! Recognition throughput over the labelled corpus, repeated (issue 5's benchmark):
//! `cargo bench -p policy --bench recognise`. Prints messages/s for parsing alone and for
//! parsing plus recognition, and for recognition alone on messages parsed beforehand; then
//! the time to recognise one message carrying a 2 MB text PDF (issue 19 item 6: under 5 ms),
//! a PDF made here or the one named by `PDF=FILE`. Not a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write as _;
use std::time::{Duration, Instant};

use mail_parser::MessageParser;

fn main() {
    // `cargo bench -p policy --bench recognise -- FILE.eml…` measures those files instead.
    let files: Vec<std::path::PathBuf> = std::env::args()
        .skip(1)
        .filter(|a| a.ends_with(".eml"))
        .map(Into::into)
        .collect();
    let paths = if files.is_empty() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
        std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect()
    } else {
        files
    };
    let mut messages: Vec<Vec<u8>> = paths.iter().map(|p| std::fs::read(p).unwrap()).collect();
    messages.sort();
    let bytes: usize = messages.iter().map(Vec::len).sum();
    // ROUNDS=N sets the rounds (e.g. a few hundred under `valgrind --tool=callgrind`).
    let rounds = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(24_000 / messages.len().max(1));
    let total = messages.len() * rounds;
    println!(
        "corpus: {} messages, {} KB; {rounds} rounds = {total} messages",
        messages.len(),
        bytes / 1024
    );
    let mut official = 0usize;
    for (label, recognise) in [("parse only", false), ("parse + recognise", true)] {
        let mut best = f64::MAX;
        for _ in 0..3 {
            let start = Instant::now();
            for _ in 0..rounds {
                for raw in &messages {
                    let parsed = MessageParser::default().parse(&raw[..]).unwrap();
                    if recognise {
                        official += usize::from(policy::document::recognise(&parsed).official);
                    } else {
                        std::hint::black_box(&parsed);
                    }
                }
            }
            best = best.min(start.elapsed().as_secs_f64());
        }
        println!(
            "{label:>18}: {:>8.0} messages/s ({:.1} µs each)",
            total as f64 / best,
            best * 1e6 / total as f64
        );
    }
    // Recognition alone, on messages parsed beforehand: what the policy step adds to the
    // parse that every delivered message gets anyway.
    let parsed: Vec<_> = messages
        .iter()
        .map(|raw| MessageParser::default().parse(&raw[..]).unwrap())
        .collect();
    let mut best = f64::MAX;
    for _ in 0..3 {
        let start = Instant::now();
        for _ in 0..rounds {
            for message in &parsed {
                official += usize::from(policy::document::recognise(message).official);
            }
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "{:>18}: {:>8.0} messages/s ({:.1} µs each)",
        "recognise only",
        total as f64 / best,
        best * 1e6 / total as f64
    );
    std::hint::black_box(official);
    // NO_PDF=1 leaves the 2 MB PDF out, e.g. to profile the named messages alone.
    if std::env::var_os("NO_PDF").is_none() {
        pdf_message();
    }
}

/// A 2 MB PDF of text pages: each page a Flate content stream of pseudo-random Vietnamese
/// words (little redundancy, as real text after compression) shown with a one-byte font
/// whose ToUnicode CMap maps the codes to Vietnamese letters, as LibreOffice writes.
fn text_pdf(target: usize) -> Vec<u8> {
    let letters: Vec<char> =
        "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
            .chars()
            .collect();
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <00> <FF> endcodespacerange\n",
    );
    cmap.push_str(&format!("{} beginbfchar\n", letters.len().min(100)));
    for (i, c) in letters.iter().enumerate().take(100) {
        cmap.push_str(&format!("<{:02X}> <{:04X}>\n", i + 1, *c as u32));
    }
    cmap.push_str("endbfchar endcmap end end\n");
    let header = "<0102> Tj"; // replaced below by real lines
    let _ = header;
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut rand = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let deflate = |data: &[u8]| {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    };
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        Vec::new(), // the page tree, written last
        b"<< /Type /Font /Subtype /TrueType /BaseFont /AAAAAA+LiberationSerif /FirstChar 0 /LastChar 255 /ToUnicode 4 0 R >>".to_vec(),
    ];
    let cmap_z = deflate(cmap.as_bytes());
    let mut s = format!(
        "<< /Filter /FlateDecode /Length {} >>\nstream\n",
        cmap_z.len()
    )
    .into_bytes();
    s.extend_from_slice(&cmap_z);
    s.extend_from_slice(b"\nendstream");
    objects.push(s);
    let mut kids = Vec::new();
    let mut size = 0;
    while size < target {
        let mut content = String::new();
        for line in 0..45 {
            content.push_str(&format!("BT /F1 13 Tf 1 0 0 1 72 {} Tm <", 800 - 17 * line));
            for _ in 0..70 {
                let r = rand();
                if r % 6 == 0 {
                    content.push_str("20"); // a space: code 0x20 unmapped, WinAnsi
                } else {
                    content.push_str(&format!("{:02X}", 1 + (r >> 8) as usize % letters.len()));
                }
            }
            content.push_str("> Tj ET\n");
        }
        let z = deflate(content.as_bytes());
        let mut s =
            format!("<< /Filter /FlateDecode /Length {} >>\nstream\n", z.len()).into_bytes();
        s.extend_from_slice(&z);
        s.extend_from_slice(b"\nendstream");
        size += s.len();
        objects.push(s);
        let contents = objects.len();
        objects.push(format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {contents} 0 R /Resources << /Font << /F1 3 0 R >> >> >>").into_bytes());
        kids.push(format!("{} 0 R", objects.len()));
    }
    objects[1] = format!(
        "<< /Type /Pages /Kids [{}] /Count {} >>",
        kids.join(" "),
        kids.len()
    )
    .into_bytes();
    let mut out = b"%PDF-1.6\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for at in offsets {
        out.extend_from_slice(format!("{at:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn base64(data: &[u8]) -> String {
    const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len() * 4 / 3 + data.len() / 38);
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
            out.push(if k <= chunk.len() {
                ABC[(n >> (18 - 6 * k) & 63) as usize] as char
            } else {
                '='
            });
        }
    }
    out
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Recognition of one message with a 2 MB text PDF: the median over 200 runs, for
/// recognition on the parsed message (what the policy step adds) and for parse + recognition.
fn pdf_message() {
    let pdf = match std::env::var_os("PDF") {
        Some(path) => std::fs::read(path).unwrap(),
        None => text_pdf(2 * 1024 * 1024),
    };
    let raw = format!(
        "From: Van thu <vanthu@snv.quangngai.gov.vn>\r\nTo: phong@ubnd.quangngai.gov.vn\r\n\
         Subject: =?UTF-8?B?R+G7rWkgdsSDbiBi4bqjbg==?=\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nVăn thư gửi văn bản đính kèm.\r\n--b\r\n\
         Content-Type: application/pdf; name=\"vanban.pdf\"\r\n\
         Content-Disposition: attachment; filename=\"vanban.pdf\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{}\r\n--b--\r\n",
        base64(&pdf)
    );
    let (text, steps) = policy::document::attachment_text_steps("vanban.pdf", None, &pdf);
    let parsed = MessageParser::default().parse(raw.as_bytes()).unwrap();
    let runs = 200;
    let mut alone = Vec::with_capacity(runs);
    let mut with_parse = Vec::with_capacity(runs);
    let mut extract = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        std::hint::black_box(policy::document::recognise(&parsed));
        alone.push(start.elapsed());
        let start = Instant::now();
        let p = MessageParser::default().parse(raw.as_bytes()).unwrap();
        std::hint::black_box(policy::document::recognise(&p));
        with_parse.push(start.elapsed());
        let start = Instant::now();
        std::hint::black_box(policy::document::attachment_text("vanban.pdf", None, &pdf));
        extract.push(start.elapsed());
    }
    println!(
        "message with a {} KB text PDF ({} KB message; {} bytes of text, {steps} steps):",
        pdf.len() / 1024,
        raw.len() / 1024,
        text.map_or(0, |t| t.len())
    );
    println!("{:>18}: {:?} median", "PDF text alone", median(extract));
    println!("{:>18}: {:?} median", "recognise only", median(alone));
    println!(
        "{:>18}: {:?} median",
        "parse + recognise",
        median(with_parse)
    );
}
