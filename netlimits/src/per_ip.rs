//! Connections open per client IP address.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

/// An IP network, `10.20.0.0/16` or a single address (`127.0.0.1`, `::1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    addr: IpAddr,
    prefix: u8,
}

impl Network {
    pub fn contains(&self, ip: IpAddr) -> bool {
        // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d.
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl std::str::FromStr for Network {
    type Err = String;

    fn from_str(text: &str) -> Result<Network, String> {
        let bad = || format!("\"{text}\" is not a network: write e.g. 10.20.0.0/16 or 127.0.0.1");
        let (addr, prefix) = match text.trim().split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text.trim(), None),
        };
        let addr: IpAddr = addr.parse().map_err(|_| bad())?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p.parse::<u8>().ok().filter(|&p| p <= max).ok_or_else(bad)?,
            None => max,
        };
        Ok(Network { addr, prefix })
    }
}

impl std::fmt::Display for Network {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

/// Connections open per client IP, shared by the listeners that count together (one
/// service's ports: IMAP's 143 and 993, SMTP's 25, 587 and 465).
#[derive(Debug, Default)]
pub struct PerIp(Mutex<HashMap<IpAddr, usize>>);

/// Holds one connection slot; gives it back when dropped.
#[derive(Debug)]
pub struct Slot {
    table: Option<Arc<PerIp>>,
    ip: IpAddr,
}

impl PerIp {
    /// A slot for a connection from `ip`, unless it already holds `max`. Addresses in
    /// `exempt` always get one (not counted).
    pub fn take(table: &Arc<PerIp>, ip: IpAddr, max: usize, exempt: &[Network]) -> Option<Slot> {
        if exempt.iter().any(|n| n.contains(ip)) {
            return Some(Slot { table: None, ip });
        }
        let mut map = table.0.lock().ok()?;
        let n = map.entry(ip).or_insert(0);
        if *n >= max {
            return None;
        }
        *n += 1;
        Some(Slot {
            table: Some(table.clone()),
            ip,
        })
    }

    /// Connections counted for `ip` now.
    pub fn count(&self, ip: IpAddr) -> usize {
        self.0
            .lock()
            .ok()
            .and_then(|m| m.get(&ip).copied())
            .unwrap_or(0)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Some(table) = &self.table
            && let Ok(mut map) = table.0.lock()
            && let Some(n) = map.get_mut(&self.ip)
        {
            *n -= 1;
            if *n == 0 {
                map.remove(&self.ip);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn slots_are_counted_per_address_and_given_back() {
        let table = Arc::new(PerIp::default());
        let a: Vec<Slot> = (0..3)
            .map(|_| PerIp::take(&table, ip("127.0.0.1"), 3, &[]).unwrap())
            .collect();
        assert!(PerIp::take(&table, ip("127.0.0.1"), 3, &[]).is_none());
        let other = PerIp::take(&table, ip("127.0.0.2"), 3, &[]);
        assert!(other.is_some(), "another address has its own count");
        drop(a);
        assert_eq!(table.count(ip("127.0.0.1")), 0);
        assert!(PerIp::take(&table, ip("127.0.0.1"), 3, &[]).is_some());
    }

    #[test]
    fn exempt_networks_are_not_counted() {
        let table = Arc::new(PerIp::default());
        let exempt: Vec<Network> = ["10.20.0.0/16", "::1"]
            .iter()
            .map(|n| n.parse().unwrap())
            .collect();
        let held: Vec<Slot> = (0..5)
            .map(|_| PerIp::take(&table, ip("10.20.3.4"), 1, &exempt).unwrap())
            .collect();
        assert_eq!(held.len(), 5);
        assert_eq!(table.count(ip("10.20.3.4")), 0);
        assert!(PerIp::take(&table, ip("::1"), 0, &exempt).is_some());
        assert!(PerIp::take(&table, ip("::ffff:10.20.0.9"), 0, &exempt).is_some());
        assert!(PerIp::take(&table, ip("10.21.0.1"), 0, &exempt).is_none());
        assert!(PerIp::take(&table, ip("127.0.0.1"), 0, &exempt).is_none());
    }

    #[test]
    fn networks_parse_and_match() {
        let n: Network = "127.0.0.0/8".parse().unwrap();
        assert!(n.contains(ip("127.9.8.7")) && !n.contains(ip("128.0.0.1")));
        let all: Network = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains(ip("203.0.113.5")) && !all.contains(ip("2001:db8::1")));
        let v6: Network = "2001:db8::/32".parse().unwrap();
        assert!(v6.contains(ip("2001:db8:1::5")) && !v6.contains(ip("2001:db9::1")));
        for bad in [
            "10.0.0.0/33",
            "localhost",
            "10.0.0/8",
            "::1/129",
            "1.2.3.4/x",
        ] {
            assert!(bad.parse::<Network>().is_err(), "{bad}");
        }
        assert_eq!(n.to_string(), "127.0.0.0/8");
    }
}
