/*
 * The token filters and tokenizers that the site's Elasticsearch index settings name, for the
 * Elasticsearch test node of .ci/elasticsearch.sh.
 *
 * Why: Maven Central serves Elasticsearch only as the "integ-test-zip" distribution, which lacks
 * the analysis-common module (lowercase, asciifolding, ngram, edge_ngram, cjk_width, cjk_bigram
 * live there; Wagtail's index settings and search/backends.py need them). This plugin registers
 * those names, each built from the same Lucene class (bundled in the distribution's lib/) that
 * analysis-common uses, with the settings the site uses. A production cluster has the real module
 * and does not use this file. Settings this plugin does not implement fail loudly.
 */
package org.linli.elasticsearch;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

public class LinliAnalysisPlugin extends Plugin implements AnalysisPlugin {

    interface Filter {
        TokenStream apply(TokenStream in);
    }

    /** A filter usable in analyzers and in keyword normalizers (lowercase, asciifolding, cjk_width). */
    static TokenFilterFactory normalizing(String name, Filter filter) {
        return new NormalizingTokenFilterFactory() {
            public String name() {
                return name;
            }

            public TokenStream create(TokenStream in) {
                return filter.apply(in);
            }
        };
    }

    static TokenFilterFactory plain(String name, Filter filter) {
        return new TokenFilterFactory() {
            public String name() {
                return name;
            }

            public TokenStream create(TokenStream in) {
                return filter.apply(in);
            }
        };
    }

    /** min_gram/max_gram with Elasticsearch's defaults (1, 2) and its index.max_ngram_diff check. */
    static int[] grams(IndexSettings index, Settings settings, String name) {
        int min = settings.getAsInt("min_gram", 1);
        int max = settings.getAsInt("max_gram", 2);
        if (index != null && max - min > index.getMaxNgramDiff()) {
            throw new IllegalArgumentException(
                "The difference between max_gram and min_gram in [" + name + "] must be less than or equal to: ["
                    + index.getMaxNgramDiff() + "] but was [" + (max - min) + "]. This limit can be set by changing"
                    + " the [" + IndexSettings.MAX_NGRAM_DIFF_SETTING.getKey() + "] index level setting.");
        }
        return new int[] { min, max };
    }

    static void unsupported(Settings settings, String name, String... keys) {
        for (String key : keys) {
            if (settings.get(key) != null) {
                throw new IllegalArgumentException(
                    "[" + key + "] of [" + name + "] is not implemented by the test node's analysis plugin");
            }
        }
    }

    static int bigramFlags(List<String> ignoredScripts) {
        int flags = CJKBigramFilter.HAN | CJKBigramFilter.HIRAGANA | CJKBigramFilter.KATAKANA
            | CJKBigramFilter.HANGUL;
        for (String script : ignoredScripts) {
            flags &= ~switch (script) {
                case "han" -> CJKBigramFilter.HAN;
                case "hiragana" -> CJKBigramFilter.HIRAGANA;
                case "katakana" -> CJKBigramFilter.KATAKANA;
                case "hangul" -> CJKBigramFilter.HANGUL;
                default -> throw new IllegalArgumentException("unknown script [" + script + "]");
            };
        }
        return flags;
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
            "lowercase", (index, env, name, settings) -> {
                unsupported(settings, name, "language");
                return normalizing(name, LowerCaseFilter::new);
            },
            "asciifolding", (index, env, name, settings) -> {
                boolean preserve = settings.getAsBoolean("preserve_original", false);
                return normalizing(name, in -> new ASCIIFoldingFilter(in, preserve));
            },
            "cjk_width", (index, env, name, settings) -> normalizing(name, CJKWidthFilter::new),
            "cjk_bigram", (index, env, name, settings) -> {
                int flags = bigramFlags(settings.getAsList("ignored_scripts", List.of()));
                boolean unigrams = settings.getAsBoolean("output_unigrams", false);
                return plain(name, in -> new CJKBigramFilter(in, flags, unigrams));
            },
            "ngram", (index, env, name, settings) -> {
                int[] g = grams(index, settings, name);
                boolean preserve = settings.getAsBoolean("preserve_original", false);
                return plain(name, in -> new NGramTokenFilter(in, g[0], g[1], preserve));
            },
            "edge_ngram", (index, env, name, settings) -> {
                if (!settings.get("side", "front").equals("front")) {
                    unsupported(settings, name, "side");
                }
                int[] g = grams(null, settings, name); // Elasticsearch does not limit edge n-grams
                boolean preserve = settings.getAsBoolean("preserve_original", false);
                return plain(name, in -> new EdgeNGramTokenFilter(in, g[0], g[1], preserve));
            }
        );
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        return Map.of("ngram", (index, env, name, settings) -> {
            unsupported(settings, name, "token_chars", "custom_token_chars");
            int[] g = grams(index, settings, name);
            return TokenizerFactory.newFactory(name, () -> new NGramTokenizer(g[0], g[1]));
        }, "edge_ngram", (index, env, name, settings) -> {
            unsupported(settings, name, "token_chars", "custom_token_chars");
            int[] g = grams(null, settings, name);
            Supplier<Tokenizer> tokenizer = () -> new EdgeNGramTokenizer(g[0], g[1]);
            return TokenizerFactory.newFactory(name, tokenizer);
        });
    }
}
