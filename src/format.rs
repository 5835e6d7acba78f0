//! Numbers and prices for people, in one place so every screen says them the same way. Pure.

use model::Plan;

/// `12345` as `12,345`.
pub fn group_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A monthly price for people, for example `€75/month` or `€1,080/month`.
pub fn monthly_price(plan: &Plan) -> Option<String> {
    let price = plan.price?;
    if !price.is_finite() || price < 0.0 {
        return None;
    }
    let cents = (price * 100.0).round() as u64;
    let (whole, fraction) = (cents / 100, cents % 100);
    let grouped = group_thousands(usize::try_from(whole).unwrap_or(usize::MAX));
    let currency = plan
        .pricings
        .as_ref()
        .and_then(|p| p.default.as_ref())
        .map_or("EUR", |p| p.currency.as_str());
    let symbol = if currency == "EUR" { "€" } else { "" };
    let amount = if fraction == 0 {
        grouped
    } else {
        format!("{grouped}.{fraction:02}")
    };
    Some(if symbol.is_empty() {
        format!("{amount} {currency}/month")
    } else {
        format!("{symbol}{amount}/month")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1_000), "1,000");
        assert_eq!(group_thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn monthly_prices_in_euros() {
        let mut plan = model::seed::plans()[0].clone();
        assert_eq!(monthly_price(&plan).as_deref(), Some("€75/month"));
        plan.price = Some(1080.0);
        assert_eq!(monthly_price(&plan).as_deref(), Some("€1,080/month"));
        plan.price = Some(7.2);
        assert_eq!(monthly_price(&plan).as_deref(), Some("€7.20/month"));
        plan.price = Some(f64::NAN);
        assert_eq!(monthly_price(&plan), None);
        plan.price = Some(-1.0);
        assert_eq!(monthly_price(&plan), None);
        plan.price = None;
        assert_eq!(monthly_price(&plan), None);
    }
}
