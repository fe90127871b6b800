//! Sets of article ids as ascending vectors without repeats.

use std::cmp::Ordering;

/// The ids in either.
pub(crate) fn union(a: &[i64], b: &[i64]) -> Vec<i64> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// The ids in both.
pub(crate) fn intersection(a: &[i64], b: &[i64]) -> Vec<i64> {
    let members = Members::new(b);
    a.iter()
        .copied()
        .filter(|&id| members.contains(id))
        .collect()
}

/// The ids in `a` and not in `b`.
pub(crate) fn difference(a: &[i64], b: &[i64]) -> Vec<i64> {
    let members = Members::new(b);
    a.iter()
        .copied()
        .filter(|&id| !members.contains(id))
        .collect()
}

/// The most bits a set of ids takes (8 MB); a wider set is searched instead.
const MOST_BITS: i64 = 1 << 26;

/// A set of ids to test many ids against (a walk of the list tests every id it passes): a
/// bit per id of their range, one step a test where a binary search took a dozen branches
/// no processor predicts.
pub(crate) enum Members<'a> {
    Bits {
        first: i64,
        bits: Vec<u64>,
    },
    Sorted(&'a [i64]),
    /// Every id (what a query of the index returns is a match already).
    All,
}

impl Members<'_> {
    pub(crate) fn new(sorted: &[i64]) -> Members<'_> {
        let (Some(&first), Some(&last)) = (sorted.first(), sorted.last()) else {
            return Members::Sorted(sorted);
        };
        let Some(span) = last.checked_sub(first).filter(|span| *span < MOST_BITS) else {
            return Members::Sorted(sorted);
        };
        let mut bits = vec![0_u64; (span as usize >> 6) + 1];
        for &id in sorted {
            let at = (id - first) as usize;
            bits[at >> 6] |= 1 << (at & 63);
        }
        Members::Bits { first, bits }
    }

    pub(crate) fn contains(&self, id: i64) -> bool {
        match self {
            Members::Bits { first, bits } => id
                .checked_sub(*first)
                .and_then(|at| usize::try_from(at).ok())
                .and_then(|at| bits.get(at >> 6).map(|word| word >> (at & 63) & 1 == 1))
                .unwrap_or(false),
            Members::Sorted(sorted) => sorted.binary_search(&id).is_ok(),
            Members::All => true,
        }
    }
}

/// The ids as a JSON array, for `json_each`.
pub(crate) fn json(ids: &[i64]) -> String {
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    format!("[{}]", list.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_operations() {
        let (a, b) = ([1, 3, 5, 7], [2, 3, 7, 9]);
        assert_eq!(union(&a, &b), [1, 2, 3, 5, 7, 9]);
        assert_eq!(intersection(&a, &b), [3, 7]);
        assert_eq!(difference(&a, &b), [1, 5]);
        assert_eq!(union(&[], &b), b);
        assert_eq!(json(&[4, 12]), "[4,12]");
    }

    proptest::proptest! {
        /// A set answers as a search of its ids does, as bits and (too wide) searched.
        #[test]
        fn members_are_the_ids(
            mut ids in proptest::collection::vec(-300_i64..300, 0..40),
            probes in proptest::collection::vec(-400_i64..400, 0..60),
            far in proptest::bool::ANY,
        ) {
            if far {
                ids.push(MOST_BITS + 500);
            }
            ids.sort_unstable();
            ids.dedup();
            let members = Members::new(&ids);
            let narrow = ids.first().zip(ids.last()).is_some_and(|(a, b)| b - a < MOST_BITS);
            proptest::prop_assert_eq!(matches!(members, Members::Bits { .. }), narrow);
            for id in probes.into_iter().chain(ids.iter().copied()).chain([i64::MIN, i64::MAX]) {
                proptest::prop_assert_eq!(members.contains(id), ids.binary_search(&id).is_ok(), "{}", id);
            }
        }
    }
}
