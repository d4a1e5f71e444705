//! The signature check of one signed PDF (issue 22's benchmark: a 2 MB signed PDF in under
//! 20 ms): `python3 policy/tests/signatures/make.py --big /tmp/big.pdf` then
//! `cargo bench -p policy --bench signature -- /tmp/big.pdf` (it trusts `/tmp/big.pdf.root.pem`).
//! Without an argument it measures the committed two-signature fixture. Prints the best and
//! the median of the runs. Not a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use base64::Engine;

fn pem_der(pem: &str) -> Vec<u8> {
    let b64: String = pem
        .lines()
        .skip_while(|l| !l.starts_with("-----BEGIN"))
        .skip(1)
        .take_while(|l| !l.starts_with("-----END"))
        .collect();
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap()
}

fn main() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/signatures");
    let (file, root) = match std::env::args().skip(1).find(|a| a.ends_with(".pdf")) {
        Some(f) => (
            f.clone().into(),
            std::path::PathBuf::from(format!("{f}.root.pem")),
        ),
        None => (fixtures.join("two.pdf"), fixtures.join("root.pem")),
    };
    let data = std::fs::read(&file).unwrap();
    let root = std::fs::read_to_string(&root).unwrap();
    let anchors = policy::signature::TrustAnchors::from_der(&[pem_der(&root)]).unwrap();
    let now = 1_796_601_600;
    let report = policy::signature::check_pdf("bench.pdf", &data, &anchors, now);
    println!(
        "{}: {} KB, {} signature(s), status {}",
        file.display(),
        data.len() / 1024,
        report.signers.len(),
        report.status.as_str()
    );
    let runs = 50;
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(policy::signature::check_pdf(
                "bench.pdf",
                &data,
                &anchors,
                now,
            ));
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!(
        "check_pdf: best {:.2} ms, median {:.2} ms over {runs} runs",
        times[0],
        times[runs / 2]
    );
}
