# Reference values for kit.analysis.multilevel.mixed_model from lme4 (random intercept, REML), on
# multilevel::bh1996 (Bliese & Halverson 1996): soldiers' well-being (WBEING) on their
# company's mean work hours (G.HRS), soldiers nested in companies (GRP). A deterministic subset
# keeps the data small: the first 30 companies, at most 25 soldiers each.
#
#   Rscript tests/reference/lme4_reference.R     (from the repository root)
suppressPackageStartupMessages({library(multilevel); library(lme4); library(jsonlite)})
data(bh1996)
out_dir <- "tests/reference"
ids <- sort(unique(bh1996$GRP))[1:30]
d <- do.call(rbind, lapply(ids, function(g) head(bh1996[bh1996$GRP == g, ], 25)))
d <- d[, c("GRP", "WBEING", "G.HRS")]
write.csv(d, file.path(out_dir, "bh1996_lme4_subset.csv"), row.names = FALSE)
fit <- lmer(WBEING ~ G.HRS + (1 | GRP), data = d, REML = TRUE)
vc <- as.data.frame(VarCorr(fit))
res <- list(
  r_version = R.version.string, lme4_version = as.character(packageVersion("lme4")),
  n = nrow(d), n_groups = length(unique(d$GRP)),
  slope = unname(fixef(fit)["G.HRS"]),
  se = unname(sqrt(diag(vcov(fit)))[2]),
  team_variance = vc$vcov[vc$grp == "GRP"],
  residual_variance = vc$vcov[vc$grp == "Residual"],
  loglik = as.numeric(logLik(fit))
)
write_json(res, file.path(out_dir, "lme4_reference.json"), digits = NA, auto_unbox = TRUE,
           pretty = TRUE)
cat("wrote", file.path(out_dir, "lme4_reference.json"), "\n")
